"""Hessian, the gradient's own graph, forward mode and accumulating .grad, against SymPy and by hand."""

from __future__ import annotations

import json

import pytest
import sympy as sp
import torch

from explorer.__main__ import main
from explorer.formula.higher_order import accumulated, directional, gradient_graph, hessian
from explorer.formula.parser import parse
from explorer.formula.symbolic import second_derivatives, symbol, to_sympy

FORMULAS = [
    ("x^2 y + sin(x y)", {"x": 1.0, "y": 2.0}),
    ("exp(x) / (1 + y^2) - log(x^2 + 1) w", {"x": 0.3, "y": -1.2, "w": 2.0}),
    ("(x+2y)^2", {"x": 1.0, "y": 2.0}),
    ("sqrt(x) tanh(y) + sigmoid(x - y)", {"x": 2.0, "y": 0.5}),
]


@pytest.mark.parametrize(("text", "point"), FORMULAS)
def test_hessian_matches_sympy(text, point):
    formula = parse(text)
    h = hessian(formula, point, "float64").rows
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
    again = accumulated(parse("x^2 y"), {"x": 3.0, "y": 2.0}, 4, {"y": False})
    assert [h["x"].item() for h in again.history] == [12.0, 24.0, 36.0, 48.0]
    assert all(h["y"] is None for h in again.history)
    assert again.error is None


def pytorch_raises(call) -> str:
    """What PyTorch itself raises, as a traceback's last line: the reference for the page's errors."""
    with pytest.raises(RuntimeError) as info:
        call()
    return f"RuntimeError: {info.value}"


def test_backward_again_with_nothing_tracked_is_pytorchs_error_not_three_calls():
    again = accumulated(parse("x^2"), {"x": 2.0}, 3, {"x": False})
    x = torch.tensor(2.0)
    assert again.history == []
    assert again.error.line == pytorch_raises(lambda: (x**2).backward(retain_graph=True))
    assert again.error.line == "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"
    assert again.error.note == "mistake.no_grad_fn"


def test_a_second_backward_without_retain_graph_raises_where_the_graph_saved_tensors():
    again = accumulated(parse("x^2"), {"x": 2.0}, 2)
    x = torch.tensor(2.0, requires_grad=True)
    y = x**2  # PowBackward0 saves x
    y.backward()
    assert again.without_retain.line == pytorch_raises(y.backward)
    assert again.without_retain.note == "mistake.backward_twice"
    assert accumulated(parse("x + y - 3"), {"x": 2.0, "y": 1.0}, 2).without_retain is None  # sums save no tensor
    assert accumulated(parse("x + 2y"), {"x": 2.0, "y": 1.0}, 2).without_retain is not None  # MulBackward0 saves 2, y


def test_the_hessian_is_taken_over_the_variables_that_require_grad():
    h = hessian(parse("x^2 y^3"), {"x": 2.0, "y": 1.0}, "float64", {"y": False})
    assert (h.names, h.fixed, h.rows) == (("x",), ("y",), {"x": {"x": 2.0}})  # 2 y^3 at y = 1, y held fixed
    nothing = hessian(parse("x^2"), {"x": 2.0}, "float32", {"x": False})
    assert (nothing.names, nothing.rows) == ((), {})


def test_the_gradients_graph_of_a_frozen_variable_is_pytorchs_error():
    x, y = torch.tensor(2.0), torch.tensor(1.0, requires_grad=True)
    frozen = gradient_graph(parse("x*y"), "x", {"x": 2.0, "y": 1.0}, requires_grad={"x": False})
    assert frozen.line == pytorch_raises(lambda: torch.autograd.grad(x * y, x, create_graph=True))
    assert frozen.note == "mistake.input_not_tracked"
    nothing = gradient_graph(parse("x^2"), "x", {"x": 2.0}, requires_grad={"x": False})
    assert nothing.line == pytorch_raises(lambda: torch.autograd.grad(x**2, x, create_graph=True))
