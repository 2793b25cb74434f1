"""A formula's expression tree as a record: each part as it was parsed, with the value the forward pass gave it.
The formula door makes it (explorer/formula/expression.py); the drawing reads it (explorer/draw/tree.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    id: str
    text: str  # `×`, `sin( )`, `x`, `2.5`
    kind: str  # "op", "leaf" or "constant": how it is drawn
    value: object  # what the forward pass computed here
    children: tuple[str, ...] = ()
    literal: bool = False  # a number written in the formula: its text is its value


@dataclass(frozen=True)
class Expression:
    parts: tuple[Part, ...]  # post-order: children before their parent, the root last
    size: int  # the formula's size, which decides a compact drawing

    @property
    def root(self) -> str:
        return self.parts[-1].id
