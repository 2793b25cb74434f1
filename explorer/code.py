"""Export: a short, self-contained PyTorch script, in the tutorial's style, that reproduces
the computation the app ran and prints what the app shows.

The expression is printed from our AST with the same rules build.py follows when it calls
torch (numbers stay Python numbers next to tensors; arithmetic between two constants and
functions of a constant go through torch.tensor), so the script's numbers are the app's.
"""

from __future__ import annotations

from collections.abc import Mapping

from .parse import PREC, Binary, Call, Constant, Formula, Node, Number, Unary, Variable, format_number, precedence
from .report import output_name

_TORCH = {"ln": "torch.log", "softplus": "torch.nn.functional.softplus"}
# Python's operators bind like the formula language's (** above unary minus), so the
# language's precedence table serves for the Python text too.


def _has_variable(node: Node) -> bool:
    if isinstance(node, Variable):
        return True
    if isinstance(node, Unary):
        return _has_variable(node.operand)
    if isinstance(node, Call):
        return _has_variable(node.arg)
    if isinstance(node, Binary):
        return _has_variable(node.left) or _has_variable(node.right)
    return False


def python_expression(node: Node, dtype: str = "float32") -> str:
    """Python source for the tree, computing exactly what build.py computes."""

    def tensor(text: str) -> str:
        return f"torch.as_tensor({text}, dtype=torch.{dtype})"

    def wrap(child: Node, minimum: int) -> str:
        text = python_expression(child, dtype)
        return f"({text})" if precedence(child) < minimum else text

    if isinstance(node, Number):
        return repr(node.value) if not node.value.is_integer() else format_number(node.value) + ".0"
    if isinstance(node, Constant):
        return f"math.{node.name}"
    if isinstance(node, Variable):
        return node.name
    if isinstance(node, Unary):
        operand = wrap(node.operand, PREC["unary"])
        return f"-{operand}" if node.op == "-" else operand
    if isinstance(node, Call):
        arg = python_expression(node.arg, dtype)
        if not _has_variable(node.arg):
            arg = tensor(arg)  # torch functions take tensors: build.py makes one from the constant
        return f"{_TORCH.get(node.func, 'torch.' + node.func)}({arg})"
    op = "**" if node.op == "^" else node.op
    p = PREC[node.op]
    if node.op == "^":
        left, right = wrap(node.left, PREC["atom"]), wrap(node.right, PREC["^"])
    else:
        left, right = wrap(node.left, p), wrap(node.right, p + 1 if p == 1 else PREC["^"])
    if not _has_variable(node):  # constant arithmetic in torch: IEEE inf and nan, never a Python error
        left = tensor(python_expression(node.left, dtype))
    return f"{left} {op} {right}"


def script(
    formula: Formula,
    point: Mapping[str, float],
    requires_grad: Mapping[str, bool] | None = None,
    dtype: str = "float32",
) -> str:
    """The whole script: imports, leaves, the formula, backward(), and the prints."""
    requires_grad = requires_grad or {}
    output = output_name(formula)
    lines = ["import math", "", "import torch", ""]
    for name in formula.variables:
        options = [] if dtype == "float32" else [f"dtype=torch.{dtype}"]
        if requires_grad.get(name, True):
            options.append("requires_grad=True")
        lines.append(f"{name} = torch.tensor({float(point[name])!r}{''.join(', ' + o for o in options)})")
    body = python_expression(formula.tree, dtype)
    if not _has_variable(formula.tree) and not body.startswith("torch."):
        body = f"torch.as_tensor({body}, dtype=torch.{dtype})"
    lines += ["", f"{output} = {body}"]
    if any(requires_grad.get(name, True) for name in formula.variables):
        lines.append(f"{output}.backward()")
    lines += ["", f"print({output})"]
    lines += [f"print({name}.grad)  # d{output}/d{name}" for name in formula.variables]
    return "\n".join(lines) + "\n"
