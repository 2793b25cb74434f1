"""The plots: f and f' on a grid from one batched backward, gaps, and the figure."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from explorer.parse import parse
from explorer.plots import GRID_POINTS, Curve, curve, curve_figure, default_range
from explorer.symbolic import to_sympy


def sympy_on_grid(text: str, variable: str, point: dict[str, float], xs: list[float]):
    expr = to_sympy(parse(text))
    symbols = {s.name: s for s in expr.free_symbols}
    fixed = {symbols[n]: sp.Float(v, 30) for n, v in point.items() if n != variable and n in symbols}
    d = sp.diff(expr, symbols[variable]) if variable in symbols else sp.Integer(0)
    f_values, d_values = [], []
    for x in xs:
        subs = {**fixed, **({symbols[variable]: sp.Float(x, 30)} if variable in symbols else {})}
        f_values.append(float(expr.evalf(30, subs=subs)))
        d_values.append(float(d.evalf(30, subs=subs)))
    return f_values, d_values


@pytest.mark.parametrize(
    ("text", "variable", "point", "lo", "hi"),
    [
        ("x^3 - 2x", "x", {"x": 1.0}, -3.0, 3.0),
        ("sin(x) exp(-x/3)", "x", {"x": 0.0}, -5.0, 5.0),
        ("x y^2 + sin(y)", "x", {"x": 0.5, "y": 1.5}, -2.0, 2.0),
        ("x y^2 + sin(y)", "y", {"x": 0.5, "y": 1.5}, -2.0, 2.0),
        ("sigmoid(x) + tanh(2x)", "x", {"x": 0.0}, -4.0, 4.0),
        ("(x-4)(x^2+6)", "x", {"x": 0.0}, -5.0, 5.0),
        ("atan(x) + softplus(x)", "x", {"x": 0.0}, -10.0, 10.0),
    ],
)
def test_curve_matches_sympy_on_the_grid(text, variable, point, lo, hi):
    c = curve(parse(text), variable, point, lo, hi, dtype="float64", points=41)
    assert c.variable == variable
    assert len(c.xs) == len(c.f) == len(c.df) == 41
    assert c.xs[0] == lo and c.xs[-1] == hi
    assert c.xs == pytest.approx([lo + (hi - lo) * i / 40 for i in range(41)], abs=1e-12)
    f_ref, d_ref = sympy_on_grid(text, variable, point, c.xs)
    assert c.f == pytest.approx(f_ref, rel=1e-9, abs=1e-12)
    assert c.df == pytest.approx(d_ref, rel=1e-9, abs=1e-12)


def test_default_grid_size():
    c = curve(parse("x^2"), "x", {"x": 0.0}, *default_range(0.0))
    assert len(c.xs) == GRID_POINTS
    assert (c.xs[0], c.xs[-1]) == (-5.0, 5.0)
    assert default_range(2.0) == (-3.0, 7.0)
    # float32 by default: f' of x^2 is 2x up to float32 rounding of the grid
    assert c.df == pytest.approx([2 * x for x in c.xs], abs=1e-5)


def test_sqrt_has_gaps_left_of_zero():
    c = curve(parse("sqrt(x)"), "x", {"x": 1.0}, -2.0, 2.0, dtype="float64", points=9)
    assert c.xs == [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]
    assert c.f[:4] == [None] * 4 and c.df[:4] == [None] * 4  # nan: gaps
    assert c.f[4] == 0.0 and c.df[4] is None  # f'(0) is infinite: a gap
    assert c.f[5:] == pytest.approx([math.sqrt(x) for x in c.xs[5:]], rel=1e-12)
    assert c.df[5:] == pytest.approx([0.5 / math.sqrt(x) for x in c.xs[5:]], rel=1e-12)


def test_log_over_a_range_containing_zero():
    c = curve(parse("log(x)"), "x", {"x": 1.0}, -2.0, 2.0, dtype="float64", points=9)
    assert c.f[:5] == [None] * 5  # nan left of 0, -inf at 0
    assert c.df[4] is None  # 1/0
    assert c.f[5:] == pytest.approx([math.log(x) for x in c.xs[5:]], rel=1e-12)
    assert c.df[5:] == pytest.approx([1 / x for x in c.xs[5:]], rel=1e-12)
    assert all(v is None or math.isfinite(v) for v in c.f + c.df)


@pytest.mark.parametrize(
    ("text", "point"), [("y^2 + 1", {"x": 1.0, "y": 3.0}), ("7", {}), ("pi e", {}), ("x - x", {"x": 1.0})]
)
def test_formula_not_depending_on_the_variable_gives_zero_slope(text, point):
    c = curve(parse(text), "x", point, -2.0, 2.0, dtype="float64", points=5)
    assert c.df == [0.0] * 5
    assert len(c.f) == 5 and len(set(c.f)) == 1  # constant f, one value per grid point
    assert c.f[0] is not None


def test_other_variables_stay_at_their_values():
    c = curve(parse("x y"), "x", {"x": 1.0, "y": 3.0}, -2.0, 2.0, dtype="float64", points=5)
    assert c.f == [-6.0, -3.0, 0.0, 3.0, 6.0]
    assert c.df == [3.0] * 5


def test_relu_slope_is_zero_at_the_kink_like_torch():
    c = curve(parse("relu(x)"), "x", {"x": 0.0}, -2.0, 2.0, points=5)
    assert c.f == [0.0, 0.0, 0.0, 1.0, 2.0]
    assert c.df == [0.0, 0.0, 0.0, 1.0, 1.0]


# ------------------------------------------------------------------------ figure
def test_curve_figure_has_f_fprime_and_the_current_point():
    c = curve(parse("x^2"), "x", {"x": 1.0}, -2.0, 2.0, points=5)
    fig = curve_figure(c, 1.0, 1.0, 2.0)
    lines = [t for t in fig.data if t.mode == "lines"]
    markers = [t for t in fig.data if t.mode == "markers"]
    assert [t.name for t in lines] == ["f", "∂f/∂x"]
    assert list(lines[0].x) == c.xs and list(lines[0].y) == c.f
    assert list(lines[1].x) == c.xs and list(lines[1].y) == c.df
    assert [(list(t.x), list(t.y)) for t in markers] == [([1.0], [1.0]), ([1.0], [2.0])]
    # f on the top panel, f' and its marker on the bottom one
    assert lines[0].yaxis == "y" and lines[1].yaxis == "y2"
    assert [t.yaxis for t in markers] == ["y", "y2"]
    assert fig.layout.xaxis2.title.text == "x"


def test_curve_figure_skips_markers_that_cannot_be_drawn():
    c = Curve("x", [0.0, 1.0], [None, 1.0], [None, 0.5])
    fig = curve_figure(c, 0.0, math.nan, None)
    assert [t.mode for t in fig.data] == ["lines", "lines"]
    fig = curve_figure(c, 0.0, math.inf, 3.0)
    markers = [t for t in fig.data if t.mode == "markers"]
    assert [(list(t.x), list(t.y)) for t in markers] == [([0.0], [3.0])]
    assert fig.to_json()  # gaps (None) serialise
