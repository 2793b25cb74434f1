"""A formula's tree with its forward values -> the expression record the drawing reads (explorer/traced)."""

from __future__ import annotations

from explorer.formula.printing import format_number
from explorer.formula.tree import Binary, Call, Constant, Formula, Node, Number, Unary, Variable, operands
from explorer.traced.expression import Expression, Part

_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷", "^": "^"}


def _label(node: Node) -> tuple[str, str]:
    if isinstance(node, Number):
        return format_number(node.value), "constant"
    if isinstance(node, Constant):
        return node.name, "constant"
    if isinstance(node, Variable):
        return node.name, "leaf"
    if isinstance(node, Unary):
        return f"unary {_SYMBOLS[node.op]}", "op"
    if isinstance(node, Call):
        return f"{node.func}( )", "op"
    assert isinstance(node, Binary)
    return _SYMBOLS[node.op], "op"


def expression(formula: Formula, values: list[tuple[Node, object]]) -> Expression:
    """`values` is the forward pass's post-order record (Computation.values); walking the tree in the same
    post-order pairs each node with its value without comparing nodes."""
    order = iter(values)
    parts: list[Part] = []

    def visit(node: Node) -> str:
        children = tuple(visit(child) for child in operands(node))
        _, value = next(order)
        text, kind = _label(node)
        parts.append(Part(f"t{len(parts)}", text, kind, value, children, isinstance(node, Number)))
        return parts[-1].id

    visit(formula.tree)
    return Expression(tuple(parts), formula.size)
