"""The torch side: the tutorial's printed values, and float64 gradients against two references."""

from __future__ import annotations

import math

import pytest
import sympy as sp
import torch

from explorer.formula.forward import forward, run, torch_text
from explorer.formula.parser import parse
from explorer.formula.symbolic import to_sympy
from explorer.formula.vocabulary import FUNCTIONS


# --------------------------------------------------------------- the tutorial, exactly
@pytest.mark.parametrize(
    ("text", "point", "printed"),
    [
        ("w*x+b", {"w": 2.0, "x": 1.0, "b": 3.0}, {"x": "tensor(2.)", "w": "tensor(1.)", "b": "tensor(1.)"}),
        ("x^2", {"x": 2.0}, {"x": "tensor(4.)"}),
        ("exp(x)", {"x": 2.0}, {"x": "tensor(7.3891)"}),
        ("sin(x)", {"x": math.pi}, {"x": "tensor(-1.)"}),
        ("(x-4)*(x^2+6)", {"x": 0.0}, {"x": "tensor(6.)"}),
        ("(x-4)(x^2+6)", {"x": 0.0}, {"x": "tensor(6.)"}),
        ("(sqrt(x)+1)^3", {"x": 2.0}, {"x": "tensor(6.1820)"}),
        ("(x+2*y)^2", {"x": 1.0, "y": 2.0}, {"x": "tensor(10.)", "y": "tensor(20.)"}),
        ("(x+2y)^2", {"x": 1.0, "y": 2.0}, {"x": "tensor(10.)", "y": "tensor(20.)"}),
    ],
)
def test_tutorial_gradients_print_exactly(text, point, printed):
    result = run(parse(text), point)
    assert {name: torch_text(grad) for name, grad in result.grads.items()} == printed


def test_tutorial_outputs_print_like_pytorch():
    assert torch_text(run(parse("w*x+b"), {"w": 2.0, "x": 1.0, "b": 3.0}).value) == (
        "tensor(5., grad_fn=<AddBackward0>)"
    )
    assert torch_text(run(parse("(sqrt(x)+1)^3"), {"x": 2.0}).value) == "tensor(14.0711, grad_fn=<PowBackward0>)"
    assert torch_text(run(parse("(x+2*y)^2"), {"x": 1.0, "y": 2.0}).value) == "tensor(25., grad_fn=<PowBackward0>)"


def test_leaves_are_float32_by_default_and_float64_on_request():
    result = run(parse("x^2"), {"x": 2.0})
    assert result.computation.leaves["x"].dtype == torch.float32
    assert result.grads["x"].dtype == torch.float32
    wide = run(parse("(sqrt(x)+1)^3"), {"x": 2.0}, dtype="float64")
    assert wide.value.dtype == torch.float64
    assert torch_text(wide.grads["x"]) == "tensor(6.1820, dtype=torch.float64)"


def test_requires_grad_off_gives_none():
    result = run(parse("w*x+b"), {"w": 2.0, "x": 1.0, "b": 3.0}, {"x": False})
    assert result.grads["x"] is None
    assert torch_text(result.grads["x"]) == "None"
    assert torch_text(result.grads["w"]) == "tensor(1.)"  # the others still get theirs
    assert torch_text(result.grads["b"]) == "tensor(1.)"
    assert result.computation.leaves["x"].requires_grad is False


def test_all_requires_grad_off_gives_no_graph_and_no_grads():
    result = run(parse("w*x+b"), {"w": 2.0, "x": 1.0, "b": 3.0}, {"w": False, "x": False, "b": False})
    assert result.grads == {"w": None, "x": None, "b": None}
    assert result.value.grad_fn is None
    assert torch_text(result.value) == "tensor(5.)"


def test_constant_formula_has_no_variables_and_no_graph():
    result = run(parse("2^3^2"), {})
    assert result.grads == {}
    assert torch_text(result.value) == "tensor(512.)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1/0", math.inf), ("-1/0", -math.inf), ("0/0", "nan"), ("9^9^9", math.inf), ("sqrt(-1)", "nan"),
     ("log(0)", -math.inf), ("2e3", 2000.0)],
)  # fmt: skip
def test_constant_arithmetic_follows_ieee_instead_of_raising(text, expected):
    value = forward(parse(text), {}, {}, "float64").output.item()
    if expected == "nan":
        assert math.isnan(value)
    else:
        assert value == expected


def test_grid_tensor_values_are_used_as_given():
    grid = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    out = forward(parse("x^2 + y"), {"x": grid, "y": 1.0}, {"y": False}, "float64").output
    assert out.tolist() == [2.0, 5.0, 10.0]


# ------------------------------------------------- float64 gradients: two references
CASES = [
    ("sin(x)", {"x": 0.7}),
    ("cos(x)", {"x": 0.7}),
    ("tan(x)", {"x": 0.4}),
    ("asin(x)", {"x": 0.3}),
    ("acos(x)", {"x": -0.45}),
    ("atan(x)", {"x": 1.7}),
    ("sinh(x)", {"x": 0.9}),
    ("cosh(x)", {"x": -0.9}),
    ("tanh(x)", {"x": 0.6}),
    ("exp(x)", {"x": 1.3}),
    ("log(x)", {"x": 2.5}),
    ("ln(x)", {"x": 0.4}),
    ("log2(x)", {"x": 3.0}),
    ("log10(x)", {"x": 7.0}),
    ("sqrt(x)", {"x": 2.0}),
    ("abs(x)", {"x": -1.5}),
    ("abs(x)", {"x": 0.25}),
    ("sigmoid(x)", {"x": 0.8}),
    ("relu(x)", {"x": 1.2}),
    ("relu(x)", {"x": -0.7}),
    ("softplus(x)", {"x": -0.3}),
    ("x^3 - 2x^2 + x", {"x": 1.5}),
    ("x^-2", {"x": 1.3}),
    ("-x^2", {"x": 1.5}),
    ("x^y", {"x": 1.5, "y": 2.5}),
    ("2^x", {"x": 0.7}),
    ("x^y^2", {"x": 1.2, "y": 0.8}),
    ("x/y", {"x": 3.0, "y": 1.5}),
    ("1/2x", {"x": 3.0}),
    ("(x-4)(x^2+6)", {"x": 1.5}),
    ("3(x+1)^2", {"x": 0.5}),
    ("x y z + sin(x z)", {"x": 0.5, "y": -1.2, "z": 2.0}),
    ("sqrt(x^2 + y^2)", {"x": 3.0, "y": 4.0}),
    ("exp(-x^2/2)/sqrt(2pi)", {"x": 0.3}),
    ("atan(y/x)", {"x": 1.0, "y": 2.0}),
    ("sigmoid(w x + b)", {"w": 0.5, "x": 2.0, "b": -0.3}),
    ("tanh(sinh(x)) cosh(x)", {"x": 0.2}),
    ("x²·y³", {"x": 1.1, "y": 0.9}),
    ("w2 x1 + w2^2 - e^x1", {"w2": 0.6, "x1": -0.4}),
    ("log(1 + e^x) - softplus(x) + x/(1+x^2)", {"x": 0.9}),
    ("acos(x/2) asin(x/3) + log10(x) log2(x)", {"x": 1.1}),
    ("2e x + pi", {"x": 1.0}),
]


def sympy_reference(text: str, point: dict[str, float]) -> tuple[float, dict[str, float]]:
    expr = to_sympy(parse(text))
    symbols = {s.name: s for s in expr.free_symbols}
    subs = {symbols[name]: sp.Float(value, 40) for name, value in point.items() if name in symbols}
    value = float(expr.evalf(30, subs=subs))
    grads = {}
    for name in point:
        d = sp.diff(expr, symbols[name]) if name in symbols else sp.Integer(0)
        grads[name] = float(d.evalf(30, subs=subs))
    return value, grads


def central_difference(text: str, point: dict[str, float], name: str, h: float = 1e-6) -> float:
    formula = parse(text)

    def f(v: float) -> float:
        values = {**point, name: v}
        return forward(formula, values, dict.fromkeys(point, False), "float64").output.item()

    return (f(point[name] + h) - f(point[name] - h)) / (2 * h)


def test_cases_cover_every_function():
    used = {func for text, _ in CASES for func in FUNCTIONS if f"{func}(" in text}
    assert used == set(FUNCTIONS)


@pytest.mark.parametrize(("text", "point"), CASES)
def test_float64_gradients_match_sympy_and_finite_differences(text, point):
    formula = parse(text)
    assert set(formula.variables) == set(point)
    result = run(formula, point, dtype="float64")
    value, exact = sympy_reference(text, point)
    assert result.value.item() == pytest.approx(value, rel=1e-6, abs=1e-12)
    for name in formula.variables:
        grad = result.grads[name]
        assert grad is not None and grad.dtype == torch.float64
        assert grad.item() == pytest.approx(exact[name], rel=1e-6, abs=1e-9), name
        assert grad.item() == pytest.approx(central_difference(text, point, name), rel=1e-6, abs=1e-8), name


def test_hand_worked_gradients():
    # d/dx (x^3 - 2x^2 + x) = 3x^2 - 4x + 1 = 6.75 - 6 + 1 at 1.5
    assert run(parse("x^3 - 2x^2 + x"), {"x": 1.5}, dtype="float64").grads["x"].item() == pytest.approx(1.75)
    # 1/2x is (1/2)*x, so its derivative is 0.5 everywhere
    assert run(parse("1/2x"), {"x": 3.0}, dtype="float64").grads["x"].item() == 0.5
    # -x^2 is -(x^2): derivative -2x
    assert run(parse("-x^2"), {"x": 1.5}, dtype="float64").grads["x"].item() == -3.0
    # relu'(0) is 0 in torch
    assert run(parse("relu(x)"), {"x": 0.0}, dtype="float64").grads["x"].item() == 0.0
