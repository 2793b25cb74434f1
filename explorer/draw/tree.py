"""Graphviz DOT for a formula's expression tree as it was parsed, each part with the value the forward
pass gave it (inputs at the bottom, the result on top: how values flow forward)."""

from __future__ import annotations

from explorer.draw.dot import LARGE_GRAPH
from explorer.draw.layout import spine_of
from explorer.draw.style import STYLES, add_node, new_digraph
from explorer.traced.expression import Expression
from explorer.traced.text import short


def expression_dot(expression: Expression, numbers: bool = True) -> str:
    """The formula's tree as it was parsed, each part with the value the forward pass gave it."""
    dot = new_digraph("expression")
    dot.attr(rankdir="BT")  # inputs at the bottom, the result on top: how values flow forward
    compact = expression.size > LARGE_GRAPH
    digits = 3 if compact else 4
    children = {part.id: list(part.children) for part in expression.parts}
    spine = spine_of(expression.root, children) if compact else set()
    for part in expression.parts:
        text = f"{part.text}\\n= {short(part.value, digits)}" if numbers and not part.literal else part.text
        add_node(dot, part.id, text, STYLES[part.kind], group="spine" if part.id in spine else "")
    for part in expression.parts:
        for child in part.children:
            dot.edge(child, part.id)
    return dot.source
