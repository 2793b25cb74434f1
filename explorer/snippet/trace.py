"""The graphs of a snippet, with the script's own names on them: the graph each backward() walked (hooks
on every node record what flowed, as for formulas), and the graph behind any named tensor.

Names follow the variables: a tensor is called by the variable it was last assigned to (`pred`,
`loss`), a module's parameters by their dotted names (`linear.weight`, `model.0.bias`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from ..graph import Graph, autograd_graph, traced_backward
from .values import ModuleValue

MAX_GRAPH = 2_000  # nodes of a graph that is walked and kept; a longer one is not drawn


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
                if value.grad_fn is not None:
                    results[value.grad_fn] = name
                elif value.requires_grad:
                    leaves[name] = value
        return _latest(leaves), results

    def values(self) -> list[tuple[None, torch.Tensor]]:
        alive = (ref() for ref in self.interpreter.produced.values())
        return [(None, tensor) for tensor in alive if tensor is not None]

    def backward(self, tensor: torch.Tensor, gradient, retain_graph, create_graph: bool):
        """`tensor.backward(...)` as the snippet asked, watched; PyTorch's own error still reaches the snippet."""
        leaves, results = self.named()
        name = results.get(tensor.grad_fn) or next((n for n, t in leaves.items() if t is tensor), None)

        def run() -> None:
            tensor.backward(gradient=gradient, retain_graph=retain_graph, create_graph=create_graph)

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
            self.losses.append(loss)
        self.last = Recorded(name, graph, loss, True)
        return None

    def graph_of(self, tensor: torch.Tensor) -> Graph | None:
        """The graph behind a tensor the snippet holds (no gradients: backward() was not watched for it)."""
        if tensor.grad_fn is None and not tensor.requires_grad or _size(tensor) > MAX_GRAPH:
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
    todo = [tensor.grad_fn] if tensor.grad_fn is not None else []
    while todo and len(seen) <= MAX_GRAPH:
        fn = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        todo.extend(child for child, _ in fn.next_functions if child is not None)
    return len(seen)
