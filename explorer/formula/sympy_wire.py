"""SymPy expressions as JSON and back, so that a worker's answer is data and never code.

A SymPy worker (explorer/formula/symbolic_job.py) answers through the same socket as the snippet
workers, where only JSON crosses: the server never unpickles what a child sends. An expression is
written as its tree, `["Add", ["Integer", "1"], ["Symbol", "x"]]`, and read back by building only
the classes listed here, each with `evaluate=False` so that the tree is exactly the one SymPy
made. Anything else in an answer is refused (ValueError), never looked up by name.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

# Operators and functions an answer may hold: what our formulas map to (explorer/formula/symbolic.py), and
# what SymPy's derivatives of those contain (sign, Heaviside, Piecewise, comparisons, re/im, atan2).
FUNCTIONS: dict[str, Any] = {cls.__name__: cls for cls in (
    sp.Add, sp.Mul, sp.Pow, sp.sin, sp.cos, sp.tan, sp.asin, sp.acos, sp.atan, sp.sinh, sp.cosh, sp.tanh,
    sp.exp, sp.log, sp.Abs, sp.sign, sp.Heaviside, sp.DiracDelta, sp.re, sp.im, sp.arg, sp.atan2, sp.conjugate,
    sp.Piecewise,
    sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan, sp.Equality, sp.Unequality,
    sp.And, sp.Or, sp.Not, sp.ITE,
)}  # fmt: skip
SINGLETONS = ("Zero", "One", "NegativeOne", "Half", "Infinity", "NegativeInfinity", "ComplexInfinity", "NaN",
              "Pi", "Exp1", "ImaginaryUnit", "true", "false")  # fmt: skip
_SINGLETON_CLASSES = {type(getattr(sp.S, name)).__name__: name for name in SINGLETONS}


def to_wire(expr: sp.Basic) -> list:
    """The tree of `expr` as nested lists of strings (a worker's side)."""
    name = type(expr).__name__
    if name in _SINGLETON_CLASSES:
        return ["S", _SINGLETON_CLASSES[name]]
    if isinstance(expr, sp.Symbol):
        return ["Symbol", expr.name]
    if isinstance(expr, sp.Integer):
        return ["Integer", str(expr.p)]
    if isinstance(expr, sp.Rational):
        return ["Rational", str(expr.p), str(expr.q)]
    if isinstance(expr, sp.Float):
        return ["Float", sp.sstr(expr, full_prec=True), expr._prec]
    if isinstance(expr, sp.Piecewise):
        return ["Piecewise", *[[to_wire(e), to_wire(c)] for e, c in expr.args]]
    if name not in FUNCTIONS:
        raise ValueError(f"SymPy returned {name}, which this page does not show")
    return [name, *[to_wire(a) for a in expr.args]]


def from_wire(data: Any) -> sp.Basic:
    """The expression of a tree written by `to_wire`, built from the listed classes only (the server's side)."""
    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        raise ValueError("not an expression tree")
    head, args = data[0], data[1:]
    if head == "S" and len(args) == 1 and args[0] in SINGLETONS:
        return getattr(sp.S, args[0])
    if head == "Symbol" and len(args) == 1 and isinstance(args[0], str):
        return sp.Symbol(args[0], real=True)  # every variable of a formula is real (explorer/formula/symbolic.py)
    if head == "Integer" and len(args) == 1:
        return sp.Integer(int(_digits(args[0])))
    if head == "Rational" and len(args) == 2:
        return sp.Rational(int(_digits(args[0])), int(_digits(args[1])))
    if head == "Float" and len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], int):
        float(args[0])  # a number's text (ValueError otherwise), then read at its own precision
        return sp.Float(args[0], precision=args[1])
    if head == "Piecewise":
        pairs = [(from_wire(p[0]), from_wire(p[1])) for p in args if isinstance(p, list) and len(p) == 2]
        if len(pairs) != len(args):
            raise ValueError("not a Piecewise tree")
        return sp.Piecewise(*pairs, evaluate=False)
    if head not in FUNCTIONS:
        raise ValueError(f"{head!r} is not a class an answer may hold")
    return FUNCTIONS[head](*[from_wire(a) for a in args], evaluate=False)


def _digits(text: Any) -> str:
    """An integer's text, checked before int() reads it (a sign and digits only)."""
    if not isinstance(text, str) or not text.lstrip("-").isdigit():
        raise ValueError("not an integer")
    return text
