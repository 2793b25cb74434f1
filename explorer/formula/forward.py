"""Stage 2a of the pipeline: our AST -> a real PyTorch computation.

A tree walk calls torch operators and functions, so the autograd graph is the one PyTorch
itself records for the formula: `(x-4)*(x**2+6)` gives MulBackward0, SubBackward0,
AddBackward0, PowBackward0, just as the tutorial's Python line does. Numbers and constants
stay Python floats where PyTorch's own code would have them (`x ** 2`, `2 * x`), so the
graph shows the same node classes as hand-written PyTorch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from explorer.formula.tree import Call, Constant, Formula, Node, Number, Unary, Variable
from explorer.traced.capture import autograd_graph
from explorer.traced.graph import Graph
from explorer.traced.watch import seed_of, watch

DTYPES: dict[str, torch.dtype] = {"float32": torch.float32, "float64": torch.float64}

TORCH_FUNCTIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan,
    "asin": torch.asin, "acos": torch.acos, "atan": torch.atan,
    "sinh": torch.sinh, "cosh": torch.cosh, "tanh": torch.tanh,
    "exp": torch.exp, "log": torch.log, "ln": torch.log,
    "log2": torch.log2, "log10": torch.log10, "sqrt": torch.sqrt, "abs": torch.abs,
    "sigmoid": torch.sigmoid, "relu": torch.relu, "softplus": F.softplus,
}  # fmt: skip

CONSTANT_VALUES = {"pi": math.pi, "e": math.e}

NodeValue = float | torch.Tensor  # the value of a node of the formula's tree: a number or a tensor


@dataclass
class Computation:
    """The forward pass: output tensor, the leaf tensor of every variable, and the value
    of every node of the formula's tree in post-order (children before their parent)."""

    output: torch.Tensor
    leaves: dict[str, torch.Tensor]
    values: list[tuple[Node, NodeValue]] = field(default_factory=list)


@dataclass
class Result:
    """Forward and backward at one point: what `print(y)` and `print(x.grad)` show."""

    computation: Computation
    grads: dict[str, torch.Tensor | None]

    @property
    def value(self) -> torch.Tensor:
        return self.computation.output


Seen = list[tuple[Node, NodeValue]]  # every node's value, in post-order


def _walk(node: Node, leaves: Mapping[str, torch.Tensor], dtype: torch.dtype, seen: Seen) -> NodeValue:
    value = _apply(node, leaves, dtype, seen)
    seen.append((node, value))
    return value


def _apply(node: Node, leaves: Mapping[str, torch.Tensor], dtype: torch.dtype, seen: Seen) -> NodeValue:
    def tensor(v: NodeValue) -> torch.Tensor:
        return v if isinstance(v, torch.Tensor) else torch.tensor(v, dtype=dtype)

    if isinstance(node, Number):
        return node.value
    if isinstance(node, Constant):
        return CONSTANT_VALUES[node.name]
    if isinstance(node, Variable):
        return leaves[node.name]
    if isinstance(node, Unary):
        operand = _walk(node.operand, leaves, dtype, seen)
        return -operand if node.op == "-" else operand
    if isinstance(node, Call):
        return TORCH_FUNCTIONS[node.func](tensor(_walk(node.arg, leaves, dtype, seen)))
    left = _walk(node.left, leaves, dtype, seen)
    right = _walk(node.right, leaves, dtype, seen)
    if not isinstance(left, torch.Tensor) and not isinstance(right, torch.Tensor):
        left = tensor(left)  # constant arithmetic: IEEE results (inf, nan), never a Python error
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        return left / right
    return left**right


def forward(
    formula: Formula,
    values: Mapping[str, float | torch.Tensor],
    requires_grad: Mapping[str, bool] | None = None,
    dtype: str = "float32",
) -> Computation:
    """Build the leaves and run the formula forward, recording the autograd graph.

    `values` maps every variable to a number (a 0-d leaf is made) or to a tensor (used as
    given, for example a grid for plotting). `requires_grad` defaults to True for numbers.
    """
    torch_dtype = DTYPES[dtype]
    requires_grad = requires_grad or {}
    leaves: dict[str, torch.Tensor] = {}
    for name in formula.variables:
        value = values[name]
        if isinstance(value, torch.Tensor):
            leaves[name] = value
        else:
            leaves[name] = torch.tensor(float(value), dtype=torch_dtype, requires_grad=requires_grad.get(name, True))
    seen: list[tuple[Node, NodeValue]] = []
    out = _walk(formula.tree, leaves, torch_dtype, seen)
    output = out if isinstance(out, torch.Tensor) else torch.tensor(out, dtype=torch_dtype)
    return Computation(output, leaves, seen)


def run(
    formula: Formula,
    point: Mapping[str, float],
    requires_grad: Mapping[str, bool] | None = None,
    dtype: str = "float32",
) -> Result:
    """Forward, then `y.backward()`; gradients are `.grad` of each leaf (None if untracked)."""
    computation = forward(formula, point, requires_grad, dtype)
    if computation.output.requires_grad:
        computation.output.backward()
    grads = {name: leaf.grad for name, leaf in computation.leaves.items()}
    return Result(computation, grads)


def trace(computation: Computation) -> tuple[Result, Graph]:
    """Backward for a formula's forward pass, watched: the printout's values and the graph with its walk
    (none when no variable requires grad: PyTorch would refuse the backward())."""
    output, leaves, values = computation.output, computation.leaves, computation.values
    if not output.requires_grad:
        return Result(computation, {n: leaf.grad for n, leaf in leaves.items()}), autograd_graph(output, leaves, values)
    graph = watch(output, leaves, values, seed=seed_of(output, None)).checked()
    return Result(computation, {n: leaf.grad for n, leaf in leaves.items()}), graph


def torch_text(value: torch.Tensor | None) -> str:
    """Exactly what `print(value)` shows: `tensor(6.1820)` or `None`."""
    return "None" if value is None else repr(value)
