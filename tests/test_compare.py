"""One rule for autograd against SymPy, first derivatives and Hessians alike: nothing compared never agrees."""

from __future__ import annotations

import math

import pytest

from explorer.formula.compare import check, latex_number, summarize
from explorer.formula.forward import forward, trace
from explorer.formula.higher_order import hessian
from explorer.formula.parser import parse
from explorer.formula.symbolic import evaluate, second_derivatives


@pytest.mark.parametrize(
    ("auto", "exact", "dtype", "verdict", "reason"),
    [
        (6.182, 6.18198, "float32", "agrees", None),
        (6.2, 6.18198, "float32", "differs", "compare.rounding_float32"),
        (1.0 + 1e-8, 1.0, "float64", "differs", "compare.rounding_float64"),
        (math.inf, math.inf, "float32", "agrees", None),  # the same infinity
        (math.nan, math.nan, "float32", "agrees", None),  # undefined on both sides
        (math.inf, 2.3e184, "float32", "differs", "compare.autograd_not_finite"),  # float32 overflowed
        (0.0, -math.inf, "float32", "differs", "compare.exact_not_finite"),  # x^x at 0
        (math.inf, -math.inf, "float32", "differs", "compare.both_not_finite"),
        (math.nan, math.inf, "float32", "differs", "compare.both_not_finite"),
        (None, 1.0, "float32", "not_compared", "compare.no_grad"),
        (1.0, None, "float32", "not_compared", "compare.no_exact"),
        (1.0, 1j, "float32", "not_compared", "compare.not_real"),
    ],
)
def test_check(auto, exact, dtype, verdict, reason):
    assert (check(auto, exact, dtype).verdict, check(auto, exact, dtype).reason) == (verdict, reason)


def hessian_against_sympy(text: str, point: dict[str, float], dtype: str):
    formula = parse(text)
    h = hessian(formula, point, dtype)
    exact = second_derivatives(formula)
    pairs = [(h.rows[a][b], evaluate(exact[a][b], point)) for a in h.names for b in h.names]
    return h, pairs, summarize(pairs, dtype)


@pytest.mark.parametrize(("text", "point"), [("(x+y+z)^300", {"x": 2.0, "y": 1.0, "z": 1.0}), ("exp(x)", {"x": 100.0})])
def test_an_all_infinite_hessian_is_not_agreement(text, point):
    """float32 overflows where the exact second derivatives are finite: every entry differs."""
    h, pairs, summary = hessian_against_sympy(text, point, "float32")
    assert all(math.isinf(v) for row in h.rows.values() for v in row.values())  # what PyTorch computed
    assert all(math.isfinite(exact) for _, exact in pairs)  # 300·299·4^298 = 2.3e184 fits in float64
    assert (summary.verdict, summary.agreeing, summary.compared) == ("differs", 0, len(pairs))
    assert summary.worst is None and summary.reasons == ("compare.autograd_not_finite",)
    _, _, in_float64 = hessian_against_sympy("exp(x)", {"x": 100.0}, "float64")
    assert in_float64.verdict == "agrees" and in_float64.worst < 1e-12


def test_nothing_compared_is_said_so():
    assert summarize([], "float32").verdict == "not_compared"
    assert summarize([(1.0, 1j)], "float32").verdict == "not_compared"


@pytest.mark.parametrize(
    ("value", "latex"),
    [(math.inf, r"\infty"), (-math.inf, r"-\infty"), (math.nan, r"\mathrm{nan}"), (2.0, "2"),
     (2.3e184, r"2.3 \cdot 10^{184}"), (-1.5e-07, r"-1.5 \cdot 10^{-7}")],
)  # fmt: skip
def test_numbers_in_latex_are_never_italic_letters(value, latex):
    assert latex_number(value) == latex


def test_x_to_the_x_at_zero_is_explained_where_autograd_and_sympy_part():
    """d/dx x^x = x^x (ln x + 1): SymPy's value at 0 is -inf; PyTorch's pow backward uses 0 at base 0."""
    from explorer.formula.explain import explain
    from explorer.formula.symbolic import derive

    formula = parse("x^x")
    computation = forward(formula, {"x": 0.0})
    result, graph = trace(computation)
    exact = evaluate(derive(formula)["x"].expr, {"x": 0.0})
    assert (result.grads["x"].item(), exact) == (0.0, -math.inf)
    assert check(0.0, exact, "float32").reason == "compare.exact_not_finite"
    (finding,) = explain(computation, graph, "float32")
    assert (finding.key, finding.params["where"]) == ("why.pow_zero_zero", "x^x")
