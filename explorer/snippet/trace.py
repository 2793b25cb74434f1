"""The graphs of a snippet, with the script's own names on them: the graph each backward() walked (hooks
on every node record what flowed, as for formulas), and the graph behind any named tensor.

Names follow the variables: a tensor is called by the variable it was last assigned to (`pred`,
`loss`), a module's parameters by their dotted names (`linear.weight`, `model.0.bias`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from ..graph import Graph, autograd_graph, node_of, traced_backward
from .jacobian import Jacobian, jacobian, with_backward
from .training import Training, step
from .values import ModuleValue

MAX_GRAPH = 2_000  # nodes of a graph that is walked and kept; a longer one is not drawn
FIRST_GRADS = 100_000  # elements of .grad kept from the first backward() on a scalar (the page's tangent)


@dataclass
class Recorded:
    """One backward() call: on which tensor (its name), the graph it walked, and the loss if it was a scalar."""

    name: str | None
    graph: Graph
    loss: float | None
    finished: bool  # False when PyTorch raised during the call


@dataclass
class Recorder:
    interpreter: object = None  # set by the interpreter's owner: the names live in its variables
    last: Recorded | None = None
    losses: list[float] = field(default_factory=list)  # every scalar backward() was called on, in order
    jacobian_of: str | None = None  # the vector whose Jacobian is wanted: taken before backward() frees its graph
    jacobian: Jacobian | None = None
    training: Training = field(default_factory=Training)  # every optimizer.step()
    first_grads: dict[str, list[float]] = field(default_factory=dict)  # leaves' .grad after the first scalar backward

    def step(self, optimizer) -> None:
        leaves, _ = self.named()
        step(self.training, optimizer, {id(t): n for n, t in leaves.items()})

    def named(self) -> tuple[dict[str, torch.Tensor], dict[object, str]]:
        """Leaves by name (tensors and module parameters), and the names of non-leaf results by grad_fn."""
        it = self.interpreter
        leaves: dict[str, torch.Tensor] = {}
        results: dict[object, str] = {}
        for name in sorted(it.env, key=lambda n: it.assigned.get(n, -1)):  # the latest assignment wins
            value = it.env[name]
            if isinstance(value, ModuleValue):
                for path, parameter in value.module.named_parameters():
                    leaves[f"{name}.{path}"] = parameter
            elif isinstance(value, torch.Tensor):
                if node_of(value) is not None:
                    results[node_of(value)] = name
                elif value.requires_grad:
                    leaves[name] = value
        return _latest(leaves), results

    def values(self) -> list[tuple[None, torch.Tensor]]:
        alive = (ref() for ref in self.interpreter.produced.values())
        return [(None, tensor) for tensor in alive if tensor is not None]

    def backward(self, tensor: torch.Tensor, gradient, retain_graph, create_graph: bool):
        """`tensor.backward(...)` as the snippet asked, watched; PyTorch's own error still reaches the snippet."""
        leaves, results = self.named()
        name = results.get(node_of(tensor)) or next((n for n, t in leaves.items() if t is tensor), None)

        def run() -> None:
            tensor.backward(gradient=gradient, retain_graph=retain_graph, create_graph=create_graph)

        wanted = self.jacobian_of is not None and name == self.jacobian_of and self.jacobian is None
        found = jacobian(name, tensor, leaves) if wanted else None
        before = {n: None if t.grad is None else t.grad.detach().clone() for n, t in leaves.items()} if found else {}
        if _size(tensor) > MAX_GRAPH:
            run()
            return None
        try:
            _, graph = traced_backward(tensor, leaves, self.values(), results, run=run)
        except Exception:
            self.last = Recorded(name, autograd_graph(tensor, leaves, self.values(), results), None, False)
            raise
        loss = tensor.item() if tensor.numel() == 1 else None
        if loss is not None:
            if not self.losses:
                self.first_grads = {n: t.grad.detach().reshape(-1).tolist() for n, t in leaves.items()
                                    if t.grad is not None and t.numel() <= FIRST_GRADS}  # fmt: skip
            self.losses.append(loss)
        if found is not None:
            self.jacobian = with_backward(found, gradient, before, leaves, tensor.numel())
        self.last = Recorded(name, graph, loss, True)
        return None

    def finish(self) -> str | None:
        """At the end of the run: the wanted Jacobian, if backward() was never called on that vector; the
        reason why not, when its graph is gone."""
        if self.jacobian_of is None or self.jacobian is not None:
            return None
        value = self.interpreter.env.get(self.jacobian_of)
        if not isinstance(value, torch.Tensor):
            return "missing"
        try:
            self.jacobian = jacobian(self.jacobian_of, value, self.named()[0])
        except RuntimeError:
            return "freed"  # an earlier backward() freed the graph
        return None if self.jacobian is not None else "unsuitable"

    def graph_of(self, tensor: torch.Tensor) -> Graph | None:
        """The graph behind a tensor the snippet holds (no gradients: backward() was not watched for it)."""
        if node_of(tensor) is None and not tensor.requires_grad or _size(tensor) > MAX_GRAPH:
            return None
        leaves, results = self.named()
        return autograd_graph(tensor, leaves, self.values(), results)


def _latest(leaves: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """One name per tensor: the last one given (x = w: the leaf is called x)."""
    by_tensor = {id(t): (name, t) for name, t in leaves.items()}
    return {name: t for name, t in by_tensor.values()}


def _size(tensor: torch.Tensor) -> int:
    """How many nodes the graph behind a tensor has, counted up to MAX_GRAPH + 1."""
    seen: set[object] = set()
    todo = [node_of(tensor)] if node_of(tensor) is not None else []
    while todo and len(seen) <= MAX_GRAPH:
        fn = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        todo.extend(child for child, _ in fn.next_functions if child is not None)
    return len(seen)
