"""Stage 2b of the pipeline: our AST -> SymPy expressions, derivatives and LaTeX.

The SymPy expression is built by calling SymPy constructors on the AST (never by parsing
text), with real symbols so that SymPy does not invent complex branches. `derive` is the
whole symbolic job; `symbolic` runs it in a bounded child process, because SymPy can
explode on innocent-looking input, and says why when it gave up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from explorer.formula.printing import format_number
from explorer.formula.tree import Binary, Call, Constant, Formula, Node, Number, Unary, Variable

MAX_TEXT = 4000  # characters of a derivative's text or LaTeX worth showing


def _relu(u: sp.Expr) -> sp.Expr:
    # torch.relu'(0) is 0: the closed branch at 0 belongs to the flat piece.
    try:
        return sp.Piecewise((0, u <= 0), (u, True))
    except TypeError:  # u is SymPy's complex infinity or nan: no order to compare
        return sp.nan


SYMPY_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "exp": sp.exp, "log": sp.log, "ln": sp.log,
    "log2": lambda u: sp.log(u, 2), "log10": lambda u: sp.log(u, 10),
    "sqrt": sp.sqrt, "abs": sp.Abs,
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
    "relu": _relu,
    "softplus": lambda u: sp.log(1 + sp.exp(u)),
}  # fmt: skip


def symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


def to_sympy(node: Node | Formula) -> sp.Expr:
    """The SymPy expression of a tree; numbers become exact rationals (0.1 -> 1/10)."""
    if isinstance(node, Formula):
        node = node.tree
    if isinstance(node, Number):
        return sp.Rational(format_number(node.value))
    if isinstance(node, Constant):
        return sp.pi if node.name == "pi" else sp.E
    if isinstance(node, Variable):
        return symbol(node.name)
    if isinstance(node, Unary):
        operand = to_sympy(node.operand)
        return -operand if node.op == "-" else operand
    if isinstance(node, Call):
        return SYMPY_FUNCTIONS[node.func](to_sympy(node.arg))
    assert isinstance(node, Binary)
    left, right = to_sympy(node.left), to_sympy(node.right)
    if node.op == "+":
        return sp.Add(left, right)
    if node.op == "-":
        return sp.Add(left, sp.Mul(-1, right))
    if node.op == "*":
        return sp.Mul(left, right)
    if node.op == "/":
        return sp.Mul(left, sp.Pow(right, -1))
    return sp.Pow(left, right)


@dataclass(frozen=True)
class Partial:
    """One partial derivative: the expression, and its text and LaTeX (None if too long)."""

    expr: sp.Expr
    text: str | None
    latex: str | None


@dataclass(frozen=True)
class Symbolic:
    """What the symbolic side produced; `reason` says why it gave up when `ok` is False."""

    ok: bool
    partials: dict[str, Partial] = field(default_factory=dict)
    reason: str = ""


def _shown(text: str) -> str | None:
    return text if len(text) <= MAX_TEXT else None


def derive(formula: Formula) -> dict[str, Partial]:
    """Every partial derivative of the formula (unbounded work: call through symbolic_job.symbolic)."""
    expr = to_sympy(formula)
    partials = {}
    for name in formula.variables:
        d = sp.diff(expr, symbol(name))
        partials[name] = Partial(d, _shown(str(d)), _shown(sp.latex(d)))
    return partials


def second_derivatives(formula: Formula) -> dict[str, dict[str, sp.Expr]]:
    """SymPy's Hessian entries ∂²f/∂a∂b (unbounded work: call through symbolic_job)."""
    expr = to_sympy(formula)
    first = {a: sp.diff(expr, symbol(a)) for a in formula.variables}
    return {a: {b: sp.diff(first[a], symbol(b)) for b in formula.variables} for a in formula.variables}


_NUMPY_FUNCTIONS: dict[type, Callable[[complex], complex]] = {
    sp.sin: np.sin, sp.cos: np.cos, sp.tan: np.tan, sp.asin: np.arcsin, sp.acos: np.arccos,
    sp.atan: np.arctan, sp.sinh: np.sinh, sp.cosh: np.cosh, sp.tanh: np.tanh, sp.exp: np.exp,
    sp.log: np.log, sp.Abs: np.abs, sp.sign: lambda z: np.sign(z.real),
}  # fmt: skip


def _complex(expr: sp.Basic, values: Mapping[sp.Symbol, complex]) -> complex:
    """Walk SymPy's tree with double-precision complex arithmetic (IEEE: inf and nan, never a hang)."""
    if expr in values:
        return values[expr]
    if expr.is_Number or expr in (sp.pi, sp.E):
        return complex(float(sp.re(expr)), float(sp.im(expr))) if expr.is_finite else complex(math.nan)
    args = expr.args
    if isinstance(expr, sp.Add):
        return sum((_complex(a, values) for a in args), np.complex128(0))
    if isinstance(expr, sp.Mul):
        factors = [_complex(a, values) for a in args]
        if all(f.imag == 0 for f in factors):  # real: (inf+0j)*(0.5+0j) is inf+nanj in complex arithmetic
            return complex(math.prod(f.real for f in factors))
        return math.prod(factors, start=np.complex128(1))
    if isinstance(expr, sp.Pow):
        base, exponent = (_complex(a, values) for a in args)
        if base == 0 and exponent.real < 0 and exponent.imag == 0:
            return complex(math.inf)
        return np.power(base, exponent)
    if isinstance(expr, sp.Piecewise):
        for piece, condition in args:
            if condition is sp.true or _holds(condition, values):
                return _complex(piece, values)
        return complex(math.nan)
    function = _NUMPY_FUNCTIONS.get(type(expr))
    if function is None:
        raise TypeError(f"no float rule for {type(expr).__name__}")
    return function(_complex(args[0], values))


def _holds(condition: sp.Basic, values: Mapping[sp.Symbol, complex]) -> bool:
    compare = {sp.LessThan: np.less_equal, sp.StrictLessThan: np.less, sp.GreaterThan: np.greater_equal,
               sp.StrictGreaterThan: np.greater}  # fmt: skip
    left, right = (_complex(a, values).real for a in condition.args)
    return bool(compare[type(condition)](left, right))


def evaluate(expr: sp.Expr, point: Mapping[str, float]) -> complex | float:
    """A derivative's value at a point: a float, or a complex number where SymPy's value is not real.

    Double precision, by walking SymPy's tree: `evalf` can take minutes (cos of x^1e9 needs
    thousands of digits), and this runs in the app's own thread.
    """
    values = {symbol(name): np.complex128(value) for name, value in point.items()}
    with np.errstate(all="ignore"):
        try:
            value = complex(_complex(expr, values))
        except (TypeError, KeyError, ValueError, OverflowError):
            return math.nan
    if math.isnan(value.real) or math.isnan(value.imag):
        return math.nan
    return value.real if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)) else value
