"""The plots: f and f' on a grid from one batched backward, gaps, and the figure."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from explorer.draw.figures import arrows, curve_figure, equal_scale, slices_figure, surface_figure
from explorer.formula.forward import run
from explorer.formula.grids import GRID_POINTS, curve, default_range, surface
from explorer.formula.parser import parse
from explorer.formula.symbolic import to_sympy
from explorer.traced.curves import Curve, focus_range, poles, undefined_runs

X, Y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)


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
    assert [t.name for t in lines] == ["y", "∂y/∂x", "tangent, slope = autograd's x.grad = 2"]  # the page's names
    assert [t.name for t in curve_figure(c, 1.0, 1.0, 2.0, output="z").data if t.mode == "lines"][:2] == ["z", "∂z/∂x"]
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


# ------------------------------------------------------------- tangent, f'', gaps
@pytest.mark.parametrize(("text", "at"), [("x^3 - 2x", 1.5), ("sin(x) exp(-x/3)", -0.7), ("sqrt(x) + 1/x", 2.0)])
def test_tangent_slope_is_the_autograd_gradient(text, at):
    formula = parse(text)
    result = run(formula, {"x": at}, dtype="float64")
    f_at, g = result.value.item(), result.grads["x"].item()
    c = curve(formula, "x", {"x": at}, at - 1, at + 1, dtype="float64")
    fig = curve_figure(c, at, f_at, g)
    (tangent,) = [t for t in fig.data if t.name.startswith("tangent")]
    (x0, x1), (y0, y1) = tangent.x, tangent.y
    assert (y1 - y0) / (x1 - x0) == pytest.approx(g, rel=1e-12)
    assert y0 + g * (at - x0) == pytest.approx(f_at, rel=1e-12)  # it touches f at the point
    exact = float(sp.diff(to_sympy(formula), X).subs(X, at))
    assert g == pytest.approx(exact, rel=1e-9)  # and the slope is the true derivative


@pytest.mark.parametrize("text", ["x^4 - 3x^2", "sin(2x)", "exp(-x^2)", "x log(x^2 + 1)"])
def test_second_derivative_matches_sympy(text):
    formula = parse(text)
    c = curve(formula, "x", {"x": 0.0}, -2.0, 2.0, dtype="float64", points=41, second=True)
    second = sp.diff(to_sympy(formula), X, 2)
    for x, d2 in zip(c.xs, c.d2f, strict=True):
        assert d2 == pytest.approx(float(second.subs(X, x)), rel=1e-9, abs=1e-9)


def test_second_derivative_of_a_line_is_zero():
    c = curve(parse("3x + 1"), "x", {"x": 0.0}, -1.0, 1.0, points=5, second=True)
    assert c.d2f == [0.0] * 5


def test_undefined_stretches_are_named():
    c = curve(parse("sqrt(x)"), "x", {"x": 1.0}, -2.0, 2.0, dtype="float64", points=401)
    ((start, end),) = undefined_runs(c.xs, c.f)
    assert start == -2.0 and -0.02 < end < 0.0
    c = curve(parse("log(x^2 - 1)"), "x", {"x": 2.0}, -3.0, 3.0, dtype="float64", points=601)
    ((start, end),) = undefined_runs(c.xs, c.f)  # |x| <= 1: log of zero or a negative number
    assert start == pytest.approx(-1.0) and end == pytest.approx(1.0)
    assert undefined_runs(c.xs, [1.0] * len(c.xs)) == []


def test_focus_range_ignores_a_pole_but_keeps_the_point():
    c = curve(parse("1/x"), "x", {"x": 1.0}, -2.0, 2.0, dtype="float64", points=400)
    lo, hi = focus_range(c.f, 1.0)
    assert -60 < lo < -0.5 and 0.5 < hi < 60  # far less than the ±200 next to the pole
    assert focus_range(curve(parse("x^2"), "x", {"x": 0.0}, -2, 2).f) is None  # a tame curve: autorange


# --------------------------------------------------------------- two variables
def test_surface_gradient_matches_sympy_on_the_grid():
    formula = parse("sin(x) y^2 + exp(x/2) - x y")
    s = surface(formula, ("x", "y"), {"x": 0.0, "y": 0.0}, (-2.0, 2.0), (-1.0, 3.0), dtype="float64", points=21)
    expr = to_sympy(formula)
    fx, fy = sp.diff(expr, X), sp.diff(expr, Y)
    for i in range(0, 21, 4):
        for j in range(0, 21, 5):
            x, y = s.xs[j], s.ys[i]
            assert s.f[i][j] == pytest.approx(float(expr.subs({X: x, Y: y})), rel=1e-12, abs=1e-12)
            assert s.dfx[i][j] == pytest.approx(float(fx.subs({X: x, Y: y})), rel=1e-12, abs=1e-12)
            assert s.dfy[i][j] == pytest.approx(float(fy.subs({X: x, Y: y})), rel=1e-12, abs=1e-12)


def test_surface_keeps_other_variables_fixed_and_marks_gaps():
    s = surface(parse("sqrt(x y) + z"), ("x", "y"), {"x": 1.0, "y": 1.0, "z": 5.0}, (-1.0, 1.0), (-1.0, 1.0),
                dtype="float64", points=3)  # fmt: skip
    assert s.f == [[6.0, 5.0, None], [5.0, 5.0, 5.0], [None, 5.0, 6.0]]  # sqrt(-1) is a gap


def test_arrows_point_along_the_gradient():
    formula = parse("x^2 + 3y")  # gradient (2x, 3)
    s = surface(formula, ("x", "y"), {"x": 0.0, "y": 0.0}, (-2.0, 2.0), (-2.0, 2.0), dtype="float64", points=31)
    a = arrows(s, per_side=7)
    assert len(a.x) == 49
    for x, u, v in zip(a.x, a.u, a.v, strict=True):
        gx, gy = 2 * x, 3.0
        assert u * gy == pytest.approx(v * gx, abs=1e-9)  # parallel to (2x, 3) ...
        assert u * gx + v * gy > 0  # ... and pointing uphill
    longest = max(math.hypot(u, v) for u, v in zip(a.u, a.v, strict=True))
    assert longest == pytest.approx(0.9 * (s.xs[5] - s.xs[0]), rel=0.05)  # about one grid spacing


def test_surface_figure_draws_contour_arrows_point_and_gradient():
    s = surface(parse("x^2 + y^2"), ("x", "y"), {"x": 1.0, "y": 1.0}, (-2.0, 2.0), (-2.0, 2.0), points=21)
    fig = surface_figure(s, (1.0, 1.0), 2.0, (2.0, 2.0))
    kinds = [type(t).__name__ for t in fig.data]
    assert kinds == ["Contour", "Scatter", "Scatter"]
    assert fig.data[1].name.startswith("∇y") and fig.data[2].name == "the point"
    assert fig.data[0].colorbar.title.text == "y" and "<br>y = " in fig.data[0].hovertemplate
    assert surface_figure(s, (1.0, 1.0), 2.0, (2.0, 2.0), output="z").data[0].colorbar.title.text == "z"
    (arrow,) = fig.layout.annotations
    assert (arrow.ax, arrow.ay) == (1.0, 1.0) and arrow.x > 1.0 and arrow.y > 1.0
    assert arrow.x - 1.0 == pytest.approx(arrow.y - 1.0)  # along (2, 2)
    fig3d = surface_figure(s, (1.0, 1.0), 2.0, (2.0, 2.0), three_d=True)
    assert [type(t).__name__ for t in fig3d.data] == ["Surface", "Scatter3d"]


def test_slices_show_each_partial_through_the_point():
    formula = parse("x^2 y")
    point = {"x": 1.0, "y": 3.0}
    slices = [curve(formula, v, point, -2.0, 2.0, dtype="float64", points=5) for v in ("x", "y")]
    assert slices[0].df == [2 * x * 3.0 for x in slices[0].xs]  # ∂f/∂x = 2xy at y = 3
    assert slices[1].df == [1.0] * 5  # ∂f/∂y = x² at x = 1
    fig = slices_figure(slices, point, {"x": 6.0, "y": 1.0}, "z")
    assert [t.name for t in fig.data if t.mode == "lines"] == ["∂z/∂x", "∂z/∂y"]


# ------------------------------------------------------------------------ poles
@pytest.mark.parametrize(
    ("text", "crossings"),
    [
        ("1/x", [(-0.025, 0.0)]),  # float32's grid point next to 0 is 4.47e-08: 1/x there is 2.2e7
        ("tan(x)", [(-1.575, -1.55), (1.55, 1.575), (4.7, 4.725)]),  # -pi/2, pi/2, 3pi/2
        ("x^-3", [(-0.025, 0.0)]),
        ("1/(x - 0.01)", [(0.0, 0.025)]),
        ("1/tan(x)", [(-0.025, 0.0), (3.125, 3.15), (6.275, 6.3)]),  # cot: poles at k pi, zeros at pi/2
        ("1/x^2", []),  # +inf on both sides: the spike is the curve's true shape
        ("x^-2", []),
        ("tanh(100x)", []),  # steep, but through zero: continuous
        ("sin(x)/x", []),  # removable: 1 on both sides
        ("sqrt(x)", []),
    ],
)
def test_poles_are_found_where_the_curve_jumps_between_infinities(text, crossings):
    c = curve(parse(text), "x", {"x": 2.0}, -3.0, 7.0)
    found = [(round(c.xs[i], 3), round(c.xs[i + 1], 3)) for i in poles(c.f)]
    assert found == [(pytest.approx(a, abs=1e-6), pytest.approx(b, abs=1e-6)) for a, b in crossings]


def test_the_curves_are_broken_at_a_pole_instead_of_joined_by_a_vertical_line():
    c = curve(parse("1/x"), "x", {"x": 2.0}, -3.0, 7.0, second=True)
    i = c.xs.index(min(c.xs, key=abs))  # 4.47e-08, where float32's 1/x is 2.2e7
    assert (c.f[i - 1], c.f[i]) == (pytest.approx(-40, rel=1e-4), pytest.approx(2.237e7, rel=1e-3))
    fig = curve_figure(c, 2.0, 0.5, -0.25, 0.25)
    for trace in [t for t in fig.data if t.mode == "lines"][:3]:  # f, f', f'': each is broken where it jumps
        ys = list(trace.y)
        joined = [(a, b) for a, b in zip(ys, ys[1:], strict=False) if a is not None and b is not None and a * b < 0
                  and max(abs(a), abs(b)) > 1e4]  # fmt: skip
        assert joined == [], trace.name
    f_line = fig.data[0]
    gap = list(f_line.y).index(None)
    assert list(f_line.x)[gap] == pytest.approx((c.xs[i - 1] + c.xs[i]) / 2)  # the gap sits between the points
    assert len(f_line.x) == len(c.xs) + 1


def test_the_map_keeps_one_scale_unless_the_ranges_are_far_apart():
    f = parse("x y")
    square = surface(f, ("x", "y"), {"x": 1.0, "y": 1.0}, (-4.0, 6.0), (-3.0, 5.0), points=11)
    sliver = surface(f, ("x", "y"), {"x": 1.0, "y": 1.0}, (-4.0, 6.0), (0.0, 0.5), points=11)
    assert equal_scale(square) and not equal_scale(sliver)
    assert surface_figure(square, (1.0, 1.0), 1.0, (1.0, 1.0)).layout.yaxis.scaleanchor == "x"
    assert surface_figure(sliver, (1.0, 1.0), 1.0, (1.0, 1.0)).layout.yaxis.scaleanchor is None
