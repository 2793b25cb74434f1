"""Beyond first derivatives: the Hessian, forward mode, and gradients that pile up.

All of it is PyTorch's own machinery: `torch.autograd.functional.hessian` (double
backward), `torch.autograd.grad(..., create_graph=True)` for the graph of the gradient,
`torch.func.jvp` for forward mode, and repeated `backward()` calls without `zero_grad()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch

from .build import DTYPES, forward
from .graph import Graph, autograd_graph
from .parse import Formula


def _function(formula: Formula, dtype: str):
    """f as a function of one 0-d tensor per variable, for torch.autograd.functional and torch.func."""

    def f(*values: torch.Tensor) -> torch.Tensor:
        out = forward(formula, dict(zip(formula.variables, values, strict=True)), dtype=dtype).output
        return out + torch.zeros((), dtype=DTYPES[dtype])  # a tensor even for a formula without variables

    return f


def _inputs(formula: Formula, point: Mapping[str, float], dtype: str) -> tuple[torch.Tensor, ...]:
    return tuple(torch.tensor(float(point[name]), dtype=DTYPES[dtype]) for name in formula.variables)


def hessian(formula: Formula, point: Mapping[str, float], dtype: str = "float32") -> dict[str, dict[str, float]]:
    """H[a][b] = ∂²f/∂a∂b at the point, by torch.autograd.functional.hessian (double backward)."""
    if not formula.variables:
        return {}
    rows = torch.autograd.functional.hessian(_function(formula, dtype), _inputs(formula, point, dtype))
    names = formula.variables
    return {a: {b: float(rows[i][j]) for j, b in enumerate(names)} for i, a in enumerate(names)}


@dataclass(frozen=True)
class GradientGraph:
    """The gradient ∂f/∂(variable) computed with create_graph=True, and the graph behind it."""

    variable: str
    value: torch.Tensor
    graph: Graph


def gradient_graph(
    formula: Formula, variable: str, point: Mapping[str, float], dtype: str = "float32"
) -> GradientGraph:
    """Backward builds a graph of its own when asked to (create_graph=True): this is what a second
    backward, and so the Hessian, walks."""
    computation = forward(formula, point, dtype=dtype)
    leaf = computation.leaves[variable]
    (grad,) = torch.autograd.grad(
        computation.output, leaf, create_graph=True, allow_unused=True, materialize_grads=True
    )
    return GradientGraph(variable, grad.detach(), autograd_graph(grad, computation.leaves))


@dataclass(frozen=True)
class Directional:
    """Forward mode next to reverse mode for one direction v."""

    jvp: float  # torch.func.jvp: f'(x)·v in one forward pass
    grad_dot: float  # reverse mode: ∇f(x) from backward(), dotted with v


def directional(
    formula: Formula, point: Mapping[str, float], direction: Mapping[str, float], dtype: str = "float32"
) -> Directional:
    inputs = _inputs(formula, point, dtype)
    tangents = tuple(torch.tensor(float(direction[name]), dtype=DTYPES[dtype]) for name in formula.variables)
    _, jvp = torch.func.jvp(_function(formula, dtype), inputs, tangents)
    computation = forward(formula, point, dtype=dtype)
    computation.output.backward()
    grad_dot = sum(
        float(leaf.grad) * float(direction[name]) for name, leaf in computation.leaves.items() if leaf.grad is not None
    )
    return Directional(float(jvp), grad_dot)


def accumulated(
    formula: Formula, point: Mapping[str, float], calls: int, requires_grad: Mapping[str, bool] | None = None,
    dtype: str = "float32",
) -> list[dict[str, torch.Tensor | None]]:  # fmt: skip
    """`.grad` after each of `calls` backward() calls on one graph, with no zero_grad() in between."""
    computation = forward(formula, point, requires_grad, dtype)
    history = []
    for _ in range(calls):
        if computation.output.requires_grad:
            computation.output.backward(retain_graph=True)
        history.append(
            {name: None if leaf.grad is None else leaf.grad.clone() for name, leaf in computation.leaves.items()}
        )
    return history
