"""Export: a short, self-contained PyTorch script, in the tutorial's style, that reproduces
the computation the app ran and prints what the app shows.

The expression is printed from our AST with the same rules forward.py follows when it calls
torch (numbers stay Python numbers next to tensors; arithmetic between two constants and
functions of a constant go through torch.tensor), so the script's numbers are the app's.
"""

from __future__ import annotations

from collections.abc import Mapping

from explorer.formula.printing import PREC, format_number, precedence
from explorer.formula.report import output_name
from explorer.formula.tree import Call, Constant, Formula, Node, Number, Unary, Variable, operands

_TORCH = {"ln": "torch.log", "softplus": "torch.nn.functional.softplus"}
# Python's operators bind like the formula language's (** above unary minus), so the
# language's precedence table serves for the Python text too.


def _has_variable(node: Node) -> bool:
    if isinstance(node, Variable):
        return True
    return any(_has_variable(child) for child in operands(node))


def _tensor_valued(node: Node) -> bool:
    """Whether forward.py's value for the node is a tensor (a call or an operation) or a Python number."""
    if isinstance(node, Unary):
        return _tensor_valued(node.operand)
    return not isinstance(node, (Number, Constant))


def _uses_math(node: Node) -> bool:
    return isinstance(node, Constant) or any(_uses_math(child) for child in operands(node))


def python_expression(node: Node, dtype: str = "float32") -> str:
    """Python source for the tree, computing exactly what forward.py computes, written as a person would:
    numbers stay Python numbers (`x ** 2`), and only a number that forward.py turns into a tensor
    (the argument of a function, the left side of arithmetic between two numbers) is written
    `torch.tensor(...)`."""
    options = "" if dtype == "float32" else f", dtype=torch.{dtype}"

    def tensor(child: Node) -> str:  # forward.py's torch.tensor(value, dtype=dtype) of a Python number
        number = python_expression(child, dtype) if isinstance(child, Constant) else _float(child)
        return f"torch.tensor({number}{options})"

    def wrap(child: Node, minimum: int) -> str:
        text = python_expression(child, dtype)
        return f"({text})" if precedence(child) < minimum else text

    if isinstance(node, Number):
        return format_number(node.value)
    if isinstance(node, Constant):
        return f"math.{node.name}"
    if isinstance(node, Variable):
        return node.name
    if isinstance(node, Unary):
        operand = wrap(node.operand, PREC["unary"])
        return f"-{operand}" if node.op == "-" else operand
    if isinstance(node, Call):
        arg = python_expression(node.arg, dtype) if _tensor_valued(node.arg) else tensor(node.arg)
        return f"{_TORCH.get(node.func, 'torch.' + node.func)}({arg})"
    op = "**" if node.op == "^" else node.op
    p = PREC[node.op]
    if node.op == "^":
        left, right = wrap(node.left, PREC["atom"]), wrap(node.right, PREC["^"])
    else:
        left, right = wrap(node.left, p), wrap(node.right, p + 1 if p == 1 else PREC["^"])
    if not _tensor_valued(node.left) and not _tensor_valued(node.right):  # IEEE inf and nan, never a Python error
        left = tensor(node.left)
    return f"{left} {op} {right}"


def _float(node: Node) -> str:
    """A number, or the negation of one, as a float literal: torch.tensor(2.0) is float32, torch.tensor(2) int64."""
    if isinstance(node, Unary):
        inner = _float(node.operand)
        return inner[1:] if node.op == "-" and inner.startswith("-") else (f"-{inner}" if node.op == "-" else inner)
    assert isinstance(node, Number)
    return repr(float(node.value))


def _setup(formula: Formula, point: Mapping[str, float], requires_grad: Mapping[str, bool], dtype: str) -> list[str]:
    """Imports, a leaf per variable, and the formula: the lines every script starts with."""
    output = output_name(formula)
    lines = ["import math", "", "import torch", ""] if _uses_math(formula.tree) else ["import torch", ""]
    for name in formula.variables:
        options = [] if dtype == "float32" else [f"dtype=torch.{dtype}"]
        if requires_grad.get(name, True):
            options.append("requires_grad=True")
        lines.append(f"{name} = torch.tensor({float(point[name])!r}{''.join(', ' + o for o in options)})")
    body = python_expression(formula.tree, dtype)
    if not _tensor_valued(formula.tree):  # a lone number: forward.py makes it a tensor
        body = f"torch.tensor({body if isinstance(formula.tree, Constant) else _float(formula.tree)}"
        body += f"{'' if dtype == 'float32' else f', dtype=torch.{dtype}'})"
    return lines + (["", f"{output} = {body}"] if formula.variables else [f"{output} = {body}"])


def script(
    formula: Formula,
    point: Mapping[str, float],
    requires_grad: Mapping[str, bool] | None = None,
    dtype: str = "float32",
) -> str:
    """The whole script: imports, leaves, the formula, backward(), and the prints."""
    requires_grad = requires_grad or {}
    output = output_name(formula)
    lines = _setup(formula, point, requires_grad, dtype)
    if any(requires_grad.get(name, True) for name in formula.variables):
        lines.append(f"{output}.backward()")
    lines += ["", f"print({output})"]
    lines += [f"print({name}.grad)  # d{output}/d{name}" for name in formula.variables]
    return "\n".join(lines) + "\n"


def again_line(call: int, name: str, grad: str) -> str:
    """One line that `again_script` prints: `call 2 x.grad = tensor(8.)`."""
    return f"call {call} {name}.grad = {grad}"


def again_script(
    formula: Formula,
    point: Mapping[str, float],
    calls: int,
    requires_grad: Mapping[str, bool] | None = None,
    dtype: str = "float32",
) -> str:
    """The "backward again" lesson: `calls` calls of backward(retain_graph=True) on one graph, no zero_grad(),
    printing every .grad after each call (the lines `again_line` makes). It runs exactly as shown: where
    PyTorch raises (nothing requires grad), the script raises too."""
    requires_grad = requires_grad or {}
    output = output_name(formula)
    lines = _setup(formula, point, requires_grad, dtype)
    keep = "# keep the saved tensors: the next call needs them"
    lines += ["", f"for call in range(1, {calls + 1}):", f"    {output}.backward(retain_graph=True)  {keep}"]
    lines += [f'    print("call", call, "{name}.grad =", {name}.grad)' for name in formula.variables]
    return "\n".join(lines) + "\n"
