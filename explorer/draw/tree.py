"""Graphviz DOT for a formula's expression tree as it was parsed, each part with the value the forward
pass gave it (inputs at the bottom, the result on top: how values flow forward)."""

from __future__ import annotations

from explorer.draw.dot import LARGE_GRAPH
from explorer.draw.layout import spine_of
from explorer.draw.style import STYLES, add_node, new_digraph
from explorer.formula.printing import format_number
from explorer.formula.tree import Binary, Call, Constant, Formula, Node, Number, Unary, Variable, operands
from explorer.traced.text import short

_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷", "^": "^"}


def _tree_label(node: Node) -> tuple[str, str]:
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


def expression_dot(formula: Formula, values: list[tuple[Node, object]], numbers: bool = True) -> str:
    """The formula's tree as it was parsed, each node with the value the forward pass gave it.

    `values` is the forward pass's post-order record (build.Computation.values); walking the
    tree in the same post-order pairs each node with its value without comparing nodes.
    """
    dot = new_digraph("expression")
    dot.attr(rankdir="BT")  # inputs at the bottom, the result on top: how values flow forward
    order = iter(values)
    compact = formula.size > LARGE_GRAPH
    digits = 3 if compact else 4
    labels: dict[str, tuple[str, str]] = {}
    children: dict[str, list[str]] = {}

    def visit(node: Node) -> str:  # post-order, as the forward pass recorded the values
        child_ids = [visit(child) for child in operands(node)]
        _, value = next(order)
        node_id = f"t{len(labels)}"
        text, kind = _tree_label(node)
        if numbers and not isinstance(node, Number):
            text = f"{text}\\n= {short(value, digits)}"
        labels[node_id] = (text, kind)
        children[node_id] = child_ids
        return node_id

    root = visit(formula.tree)
    spine = spine_of(root, children) if compact else set()
    for node_id, (text, kind) in labels.items():
        add_node(dot, node_id, text, STYLES[kind], group="spine" if node_id in spine else "")
    for node_id, child_ids in children.items():
        for child_id in child_ids:
            dot.edge(child_id, node_id)
    return dot.source
