"""The formula language's syntax tree: frozen dataclasses with the span of text each came from.

The parser (explorer/formula/parser.py) builds them; every later stage walks them (forward.py, symbolic.py,
the printers in explorer/formula/printing.py). Nothing else is ever made of a user's formula.
"""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class Number:
    value: float
    span: Span = (0, 0)


@dataclass(frozen=True)
class Constant:
    name: str  # "pi" or "e"
    span: Span = (0, 0)


@dataclass(frozen=True)
class Variable:
    name: str
    span: Span = (0, 0)


@dataclass(frozen=True)
class Unary:
    op: str  # "+" or "-"
    operand: Node
    span: Span = (0, 0)


@dataclass(frozen=True)
class Binary:
    op: str  # "+", "-", "*", "/", "^"
    left: Node
    right: Node
    span: Span = (0, 0)


@dataclass(frozen=True)
class Call:
    func: str  # one of FUNCTIONS
    arg: Node
    span: Span = (0, 0)


Node = Number | Constant | Variable | Unary | Binary | Call


def operands(node: Node) -> tuple[Node, ...]:
    """A node's operands, left to right (none for a number, constant or variable)."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Call):
        return (node.arg,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its tree, its variables in order of first appearance, its size."""

    tree: Node
    variables: tuple[str, ...]
    text: str
    size: int
