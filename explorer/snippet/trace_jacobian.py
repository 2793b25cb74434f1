"""When a snippet's run takes the Jacobian asked for: before the first walk through that vector's graph (a
backward() without retain_graph frees it), or at the end of the run if no walk did, with the reason why
not when its graph is gone. The Jacobian itself is computed by jacobian.py."""

from __future__ import annotations

import weakref

import torch

from explorer.traced.capture import node_of

from .graph_size import reaches
from .jacobian import Jacobian, jacobian
from .naming import named

JACOBIANS = 32  # times a run takes the Jacobian asked for (each before a backward() that frees its graph)


class Jacobians:
    """Mixed into the Recorder: `interpreter`, `jacobian_of`, `jacobian`, `_jacobian_for` and `_jacobians` are its."""

    def _jacobian_before(self, tensor: torch.Tensor, leaves: dict[str, torch.Tensor], retain_graph) -> Jacobian | None:
        """The Jacobian asked for, taken now if this walk goes through that vector's graph: a backward() without
        retain_graph frees it (y.sum().backward() is how most snippets end)."""
        target = self.interpreter.env.get(self.jacobian_of) if self.jacobian_of else None
        if not isinstance(target, torch.Tensor) or node_of(target) is None or self._jacobians >= JACOBIANS:
            return None
        if self._jacobian_for is not None and self._jacobian_for() is target:
            return self.jacobian if target is tensor else None
        if target is not tensor and (retain_graph or not reaches(tensor, node_of(target))):
            return None
        self._jacobians += 1
        found = jacobian(self.jacobian_of, target, leaves)
        if found is not None:
            self.jacobian, self._jacobian_for = found, weakref.ref(target)
        return found

    def finish(self) -> str | None:
        """At the end of the run: the wanted Jacobian, if no walk took it yet; the reason why not, when its graph
        is gone."""
        if self.jacobian_of is None:
            return None
        value = self.interpreter.env.get(self.jacobian_of)
        if not isinstance(value, torch.Tensor):
            return "missing"
        if self.jacobian is not None and self._jacobian_for is not None and self._jacobian_for() is value:
            return None
        try:
            self.jacobian = jacobian(self.jacobian_of, value, named(self.interpreter)[0])
        except RuntimeError:
            self.jacobian = None
            return "freed"  # an earlier backward() freed the graph
        return None if self.jacobian is not None else "unsuitable"
