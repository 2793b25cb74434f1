"""Hessian, the gradient's own graph, forward mode and accumulating .grad, against SymPy and by hand."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from explorer.__main__ import main
from explorer.higher import accumulated, directional, gradient_graph, hessian
from explorer.parse import parse
from explorer.symbolic import second_derivatives, symbol, to_sympy

FORMULAS = [
    ("x^2 y + sin(x y)", {"x": 1.0, "y": 2.0}),
    ("exp(x) / (1 + y^2) - log(x^2 + 1) w", {"x": 0.3, "y": -1.2, "w": 2.0}),
    ("(x+2y)^2", {"x": 1.0, "y": 2.0}),
    ("sqrt(x) tanh(y) + sigmoid(x - y)", {"x": 2.0, "y": 0.5}),
]


@pytest.mark.parametrize(("text", "point"), FORMULAS)
def test_hessian_matches_sympy(text, point):
    formula = parse(text)
    h = hessian(formula, point, "float64")
    expr = to_sympy(formula)
    subs = {symbol(n): v for n, v in point.items()}
    for a in formula.variables:
        for b in formula.variables:
            exact = float(sp.diff(expr, symbol(a), symbol(b)).evalf(subs=subs))
            assert h[a][b] == pytest.approx(exact, rel=1e-9, abs=1e-12)
    assert all(h[a][b] == pytest.approx(h[b][a]) for a in h for b in h)  # symmetric


def test_second_derivatives_are_sympys():
    d = second_derivatives(parse("x^3 y"))
    x, y = symbol("x"), symbol("y")
    assert sp.simplify(d["x"]["x"] - 6 * x * y) == 0 and sp.simplify(d["x"]["y"] - 3 * x**2) == 0
    assert d["y"]["y"] == 0


def test_cli_hessian(capsys):
    assert main(["x^2 y", "--at", "x=1", "y=2", "--json", "--hessian"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hessian"] == {"x": {"x": 4.0, "y": 2.0}, "y": {"x": 2.0, "y": 0.0}}
    assert main(["x^2 y", "--at", "x=1", "y=2", "--json"]) == 0
    assert "hessian" not in json.loads(capsys.readouterr().out)


def test_the_gradient_has_a_graph_of_its_own():
    gg = gradient_graph(parse("x^3"), "x", {"x": 2.0})
    assert gg.value.item() == 12.0  # 3x^2
    ops = [n.op for n in gg.graph.nodes]
    assert "MulBackward0" in ops and "PowBackward0" in ops and "AccumulateGrad" in ops  # backward, recorded


@pytest.mark.parametrize(("text", "point"), FORMULAS)
def test_forward_mode_equals_reverse_mode_along_a_direction(text, point):
    formula = parse(text)
    direction = {n: 0.5 + i for i, n in enumerate(formula.variables)}
    d = directional(formula, point, direction, "float64")
    expr = to_sympy(formula)
    subs = {symbol(n): v for n, v in point.items()}
    exact = sum(float(sp.diff(expr, symbol(n)).evalf(subs=subs)) * v for n, v in direction.items())
    assert d.jvp == pytest.approx(exact, rel=1e-9)
    assert d.grad_dot == pytest.approx(exact, rel=1e-9)


def test_grad_piles_up_without_zero_grad():
    history = accumulated(parse("x^2 y"), {"x": 3.0, "y": 2.0}, 4, {"y": False})
    assert [h["x"].item() for h in history] == [12.0, 24.0, 36.0, 48.0]
    assert all(h["y"] is None for h in history)
