"""Beyond first derivatives: the Hessian, forward mode, and gradients that pile up.

All of it is PyTorch's own machinery: `torch.autograd.functional.hessian` (double
backward), `torch.autograd.grad(..., create_graph=True)` for the graph of the gradient,
`torch.func.jvp` for forward mode, and repeated `backward()` calls without `zero_grad()`.
The page's requires_grad settings count: where PyTorch raises, the error is the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch

from explorer.formula.forward import DTYPES, forward
from explorer.formula.tree import Formula
from explorer.traced.capture import autograd_graph
from explorer.traced.graph import Graph
from explorer.traced.mistakes import Raised, capture


def _tracked(formula: Formula, requires_grad: Mapping[str, bool] | None) -> tuple[str, ...]:
    requires_grad = requires_grad or {}
    return tuple(name for name in formula.variables if requires_grad.get(name, True))


def _function(formula: Formula, point: Mapping[str, float], names: tuple[str, ...], dtype: str):
    """f as a function of one 0-d tensor per name in `names` (the others fixed at the point), for
    torch.autograd.functional and torch.func."""
    fixed = {name: torch.tensor(float(point[name]), dtype=DTYPES[dtype]) for name in formula.variables}

    def f(*values: torch.Tensor) -> torch.Tensor:
        out = forward(formula, {**fixed, **dict(zip(names, values, strict=True))}, dtype=dtype).output
        return out + torch.zeros((), dtype=DTYPES[dtype])  # a tensor even for a formula without variables

    return f


def _inputs(names: tuple[str, ...], point: Mapping[str, float], dtype: str) -> tuple[torch.Tensor, ...]:
    return tuple(torch.tensor(float(point[name]), dtype=DTYPES[dtype]) for name in names)


@dataclass(frozen=True)
class Hessian:
    """H[a][b] = ∂²f/∂a∂b over the variables that require grad; the others are held fixed."""

    names: tuple[str, ...]  # rows and columns, in order of first appearance
    fixed: tuple[str, ...]  # variables with requires_grad off: constants here, no row or column
    rows: dict[str, dict[str, float]]


def hessian(
    formula: Formula, point: Mapping[str, float], dtype: str = "float32",
    requires_grad: Mapping[str, bool] | None = None,
) -> Hessian:  # fmt: skip
    """By torch.autograd.functional.hessian (double backward), with respect to the tracked variables."""
    names = _tracked(formula, requires_grad)
    fixed = tuple(name for name in formula.variables if name not in names)
    if not names:
        return Hessian(names, fixed, {})
    rows = torch.autograd.functional.hessian(_function(formula, point, names, dtype), _inputs(names, point, dtype))
    return Hessian(names, fixed, {a: {b: float(rows[i][j]) for j, b in enumerate(names)} for i, a in enumerate(names)})


@dataclass(frozen=True)
class GradientGraph:
    """The gradient ∂f/∂(variable) computed with create_graph=True, and the graph behind it."""

    variable: str
    value: torch.Tensor
    graph: Graph


def gradient_graph(
    formula: Formula, variable: str, point: Mapping[str, float], dtype: str = "float32",
    requires_grad: Mapping[str, bool] | None = None,
) -> GradientGraph | Raised:  # fmt: skip
    """Backward builds a graph of its own when asked to (create_graph=True): this is what a second
    backward, and so the Hessian, walks. With the page's requires_grad settings, so that a frozen
    variable gets what PyTorch says: `One of the differentiated Tensors does not require grad`."""
    computation = forward(formula, point, requires_grad, dtype)
    leaf = computation.leaves[variable]
    grads = capture(lambda: torch.autograd.grad(computation.output, leaf, create_graph=True, allow_unused=True,
                                                materialize_grads=True))  # fmt: skip
    if isinstance(grads, Raised):
        return grads
    (grad,) = grads
    return GradientGraph(variable, grad.detach(), autograd_graph(grad, computation.leaves))


@dataclass(frozen=True)
class Directional:
    """Forward mode next to reverse mode for one direction v."""

    jvp: float  # torch.func.jvp: f'(x)·v in one forward pass
    grad_dot: float  # reverse mode: ∇f(x) from backward(), dotted with v


def directional(
    formula: Formula, point: Mapping[str, float], direction: Mapping[str, float], dtype: str = "float32"
) -> Directional:
    names = formula.variables
    inputs = _inputs(names, point, dtype)
    tangents = tuple(torch.tensor(float(direction[name]), dtype=DTYPES[dtype]) for name in names)
    _, jvp = torch.func.jvp(_function(formula, point, names, dtype), inputs, tangents)
    computation = forward(formula, point, dtype=dtype)
    computation.output.backward()
    grad_dot = sum(
        float(leaf.grad) * float(direction[name]) for name, leaf in computation.leaves.items() if leaf.grad is not None
    )
    return Directional(float(jvp), grad_dot)


@dataclass(frozen=True)
class Again:
    """backward() called again and again on one graph, as PyTorch answers each call."""

    history: list[dict[str, torch.Tensor | None]]  # .grad of every variable after each call that ran
    error: Raised | None  # what the next call raised, if one did (then history has the calls before it)
    without_retain: Raised | None  # what a second backward() raises when the first had no retain_graph=True


def accumulated(
    formula: Formula, point: Mapping[str, float], calls: int, requires_grad: Mapping[str, bool] | None = None,
    dtype: str = "float32",
) -> Again:  # fmt: skip
    """`.grad` after each of `calls` calls of `y.backward(retain_graph=True)` with no zero_grad() in between,
    and what PyTorch does to the same two calls without retain_graph=True (it frees the saved tensors)."""
    computation = forward(formula, point, requires_grad, dtype)
    history: list[dict[str, torch.Tensor | None]] = []
    error = None
    for _ in range(calls):
        outcome = capture(lambda: computation.output.backward(retain_graph=True))
        if isinstance(outcome, Raised):
            error = outcome
            break
        history.append(
            {name: None if leaf.grad is None else leaf.grad.clone() for name, leaf in computation.leaves.items()}
        )
    plain = forward(formula, point, requires_grad, dtype).output
    first = capture(plain.backward)
    second = None if isinstance(first, Raised) else capture(plain.backward)
    return Again(history, error, second if isinstance(second, Raised) else None)
