"""The walks of a snippet, with the script's own names on them: every backward() and autograd.grad() call is
watched (hooks on every node record what flowed, as for formulas), and the graph behind any named tensor.

Names follow the variables (naming.py); a loss no variable holds is called by the expression it came from
(`y.sum()`). Each call leaves a fingerprint of every leaf's .grad before and after it, so the drawing of the
last walk can say which earlier calls put what a .grad already held there. The Jacobian asked for is taken
before a walk frees its graph (trace_jacobian.py); a graph over MAX_GRAPH nodes is recorded, not drawn.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field, replace

import torch

from explorer.traced.capture import autograd_graph, node_of
from explorer.traced.graph import Graph, Walk
from explorer.traced.training import Training
from explorer.traced.watch import Watched, seed_of, watch

from .earlier import Called, earlier, fingerprint
from .graph_size import MAX_GRAPH, size
from .jacobian import Jacobian, with_backward
from .naming import named
from .trace_jacobian import Jacobians
from .training import step

FIRST_GRADS = 100_000  # elements of .grad kept from the first backward() on a scalar (the page's tangent)


@dataclass
class Recorded:
    """One walk: on which tensor (its name, or the expression it came from), the graph with the walk."""

    name: str | None
    graph: Graph
    loss: float | None
    finished: bool  # False when PyTorch raised during the call
    held: dict[str, weakref.ref] = field(default_factory=dict)  # the snippet's named results when it ran

    def holds(self, name: str, tensor: torch.Tensor) -> bool:
        """Was `tensor` the one `name` held when this walk ran (so its node is in the walk)?"""
        ref = self.held.get(name)
        return ref is not None and ref() is tensor


@dataclass
class Recorder(Jacobians):
    interpreter: object = None  # set by the interpreter's owner: the names live in its variables
    last: Recorded | None = None
    losses: list[float] = field(default_factory=list)  # every scalar backward() was called on, in order
    jacobian_of: str | None = None  # the vector whose Jacobian is wanted: taken before backward() frees its graph
    jacobian: Jacobian | None = None
    follow: tuple[str, int] | None = None  # the parameter element whose path the training plot follows
    training: Training = field(default_factory=Training)  # every optimizer.step()
    first_grads: dict[str, list[float]] = field(default_factory=dict)  # leaves' .grad after the first scalar backward
    calls: list[Called] = field(default_factory=list)  # every walk, with the leaves' .grad before and after
    stepped_after_walk: bool = False  # an optimizer.step() changed the parameters after the last walk
    changes: dict[int, tuple[int, int]] = field(default_factory=dict)  # storage -> (step, line) of its last change
    _jacobian_for: weakref.ref | None = None
    _jacobians = 0

    def step(self, optimizer) -> None:
        leaves, _ = named(self.interpreter)
        loss = self.last.loss if self.last is not None else None
        step(self.training, optimizer, {id(t): n for n, t in leaves.items()}, loss, self.follow)
        self.stepped_after_walk = self.last is not None
        for group in optimizer.param_groups:
            for parameter in group["params"]:
                self.changed(parameter)

    def changed(self, tensor: torch.Tensor) -> None:
        """A tensor is changed in place (`x += 1`, `x.data.mul_(2)`, `x[0] = 5`, optimizer.step()): when, by its
        storage, so that a change through `.data` is seen on the leaf too."""
        self.changes[_storage(tensor)] = (self.interpreter.budget.steps, self._line())

    def values(self) -> list[tuple[None, torch.Tensor]]:
        alive = (ref() for ref in self.interpreter.produced.values())
        return [(None, tensor) for tensor in alive if tensor is not None]

    def backward(self, tensor: torch.Tensor, gradient, retain_graph, create_graph: bool):
        """`tensor.backward(...)` as the snippet asked, watched; PyTorch's own error still reaches the snippet."""
        def run() -> None:
            tensor.backward(gradient=gradient, retain_graph=retain_graph, create_graph=create_graph)

        self._walk(tensor, run, Walk("backward", call=self._text(), line=self._line()), seed_of(tensor, gradient),
                   retain_graph, jacobian_v=gradient)  # fmt: skip

    def grad(self, outputs: list[torch.Tensor], inputs: list[torch.Tensor], grad_outputs, **options):
        """`torch.autograd.grad(...)`, watched (the graph of its first output): it returns the gradients."""
        def run():
            return torch.autograd.grad(outputs, inputs, grad_outputs=grad_outputs, **options)

        first = outputs[0] if outputs else None
        if first is None:
            return run()
        given = grad_outputs[0] if isinstance(grad_outputs, (list, tuple)) and grad_outputs else grad_outputs
        several = "outputs" if len(outputs) != 1 else None  # one walk from several outputs: recorded, not drawn
        return self._walk(first, run, Walk("grad", call=self._text(), line=self._line(), undrawn=several),
                          None if several else seed_of(first, given), options.get("retain_graph"), inputs=inputs)

    def _walk(self, tensor, run, walk: Walk, seed, retain_graph, jacobian_v: object = False, inputs=()):
        """One watched walk; `jacobian_v`: the gradient= of a backward() (False for autograd.grad)."""
        leaves, results = named(self.interpreter)
        name = results.get(node_of(tensor)) or next((n for n, t in leaves.items() if t is tensor), None)
        name = walk.call if walk.undrawn == "outputs" else name or self._receiver()  # several outputs: the call
        found = self._jacobian_before(tensor, leaves, retain_graph)
        direct = found is not None and jacobian_v is not False and self.interpreter.env.get(self.jacobian_of) is tensor
        before = {id(t): fingerprint(t.grad) for t in leaves.values()}
        grads_before = {n: None if t.grad is None else t.grad.detach().clone() for n, t in leaves.items()} \
            if direct else {}  # fmt: skip
        walk = replace(walk, changed=self._changed_since(tensor, leaves))
        if walk.undrawn is not None or size(tensor) > MAX_GRAPH:  # recorded, not drawn
            watched = _unwatched(run, replace(walk, undrawn=walk.undrawn or "large", seed=seed))
        else:
            watched = watch(tensor, leaves, self.values(), results, run, seed=seed, walk=walk, inputs=inputs)
        graph = watched.graph
        graph = replace(graph, walk=_with_earlier(graph.walk, graph, leaves, self.calls, before))
        self.calls.append(Called(walk.line, walk.call, before, {id(t): fingerprint(t.grad) for t in leaves.values()}))
        loss = tensor.item() if watched.raised is None and tensor.numel() == 1 and walk.kind == "backward" else None
        held = {n: weakref.ref(v) for n, v in self.interpreter.env.items()
                if isinstance(v, torch.Tensor) and node_of(v) is not None}  # fmt: skip
        if name is not None:
            held[name] = weakref.ref(tensor)
        self.last = Recorded(name, graph, loss, watched.raised is None, held)
        self.stepped_after_walk = False
        if watched.raised is not None:
            raise watched.raised
        if loss is not None:
            if not self.losses:
                self.first_grads = {n: t.grad.detach().reshape(-1).tolist() for n, t in leaves.items()
                                    if t.grad is not None and t.numel() <= FIRST_GRADS}  # fmt: skip
            self.losses.append(loss)
        if direct:  # backward(gradient=v) on the vector itself: vᵀJ both ways
            self.jacobian = with_backward(found, jacobian_v, grads_before, leaves, tensor.numel())
        return watched.returned

    def _changed_since(self, tensor: torch.Tensor, leaves: dict[str, torch.Tensor]) -> tuple[tuple[str, int], ...]:
        """The leaves changed in place after `tensor` was computed: the graph's values are theirs now, not the ones
        the forward pass used."""
        node = node_of(tensor)
        made = self.interpreter.made_at.get(id(node)) if node is not None else None
        if made is None or not self.changes:
            return ()
        found = ((n, self.changes.get(_storage(t))) for n, t in leaves.items())
        return tuple((n, change[1]) for n, change in found if change is not None and change[0] > made)

    def graph_of(self, tensor: torch.Tensor) -> Graph | None:
        """The graph behind a tensor the snippet holds, no walk (each leaf's .grad as it is now, and what put it
        there: earlier backward() calls, or the snippet's own code)."""
        if node_of(tensor) is None and not tensor.requires_grad or size(tensor) > MAX_GRAPH:
            return None
        leaves, results = named(self.interpreter)
        graph = autograd_graph(tensor, leaves, self.values(), results)
        now = {id(t): fingerprint(t.grad) for t in leaves.values()}
        by_name = {n: id(t) for n, t in leaves.items()}

        def held_from(node):
            if node.held is None or node.variable not in by_name:
                return node
            found = earlier(node.variable, by_name[node.variable], self.calls, now)
            return replace(node, held_from="backward" if found is not None and found.calls else "code")

        return replace(graph, nodes=tuple(held_from(n) for n in graph.nodes))

    def _line(self) -> int:
        return self.interpreter.budget.line

    def _text(self) -> str:
        return self.interpreter.call_text()

    def _receiver(self) -> str | None:
        return self.interpreter.call_text(receiver=True) or None


def _with_earlier(walk: Walk | None, graph: Graph, leaves: dict[str, torch.Tensor], calls: list[Called],
                  before: dict) -> Walk | None:  # fmt: skip
    if walk is None:
        return None
    held = [n.variable for n in graph.nodes if n.variable in leaves and n.held_before is not None]
    found = (earlier(leaf, id(leaves[leaf]), calls, before) for leaf in held)
    return replace(walk, earlier=tuple(e for e in found if e is not None))


def _unwatched(run, walk: Walk) -> Watched:
    """A walk recorded but not drawn: the call runs unwatched, and the record says why it has no nodes."""
    try:
        return Watched(Graph((), (), walk=walk), None, run())
    except Exception as exc:  # noqa: BLE001 (PyTorch's error is part of the record, then raised again)
        return Watched(Graph((), (), walk=replace(walk, seed=None, error=f"{type(exc).__name__}: {exc}")), exc)


def _storage(tensor: torch.Tensor) -> int:
    try:
        return tensor.untyped_storage().data_ptr() or id(tensor)
    except RuntimeError:  # no storage (a tensor of a custom kind)
        return id(tensor)
