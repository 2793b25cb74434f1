"""The SymPy side: derivatives against hand-written ones, the bounded worker, evaluation."""

from __future__ import annotations

import math
import multiprocessing
import os
import time

import pytest
import sympy as sp

from explorer.formula.forward import run
from explorer.formula.parser import parse
from explorer.formula.symbolic import derive, evaluate, symbol, to_sympy
from explorer.formula.symbolic_job import symbolic
from explorer.workers.child import ask_forked

x, y, w, b = (sp.Symbol(n, real=True) for n in "xywb")
# the module: the package exports a function so named


def same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(a - b) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(x-4)*(x^2+6)", {"x": 3 * x**2 - 8 * x + 6}),  # tutorial example 4
        ("(sqrt(x)+1)^3", {"x": 3 * (sp.sqrt(x) + 1) ** 2 / (2 * sp.sqrt(x))}),  # tutorial example 5
        ("(x+2y)^2", {"x": 2 * (x + 2 * y), "y": 4 * (x + 2 * y)}),  # tutorial example 6
        ("w*x+b", {"w": x, "x": w, "b": sp.Integer(1)}),
        ("x^2", {"x": 2 * x}),
        ("exp(x)", {"x": sp.exp(x)}),
        ("sin(x)", {"x": sp.cos(x)}),
        ("sigmoid(x)", {"x": sp.exp(-x) / (1 + sp.exp(-x)) ** 2}),
        ("softplus(x)", {"x": 1 / (1 + sp.exp(-x))}),
        ("log2(x) + log10(x)", {"x": 1 / (x * sp.log(2)) + 1 / (x * sp.log(10))}),
        ("x^y", {"x": y * x ** (y - 1), "y": x**y * sp.log(x)}),
    ],
)
def test_derive_matches_hand_written_derivatives(text, expected):
    partials = derive(parse(text))
    assert list(partials) == list(parse(text).variables)
    for name, hand in expected.items():
        assert same(partials[name].expr, hand), (name, partials[name].expr)
        assert partials[name].text == str(partials[name].expr)
        assert partials[name].latex == sp.latex(partials[name].expr)


def test_to_sympy_keeps_numbers_exact_and_symbols_real():
    assert to_sympy(parse("0.1x")) == sp.Rational(1, 10) * x
    assert to_sympy(parse("1e-3")) == sp.Rational(1, 1000)
    assert to_sympy(parse("2pi")) == 2 * sp.pi
    assert to_sympy(parse("e^x")) == sp.exp(x)
    assert to_sympy(parse("-x^2")) == -(x**2)
    assert to_sympy(parse("2^3^2")) == 512
    assert symbol("x") == x and x.is_real


def test_symbolic_runs_derive_in_a_worker():
    outcome = symbolic(parse("(x-4)(x^2+6)"), seconds=30.0)
    assert outcome.ok, outcome.reason
    assert outcome.reason == ""
    assert same(outcome.partials["x"].expr, 3 * x**2 - 8 * x + 6)


def test_symbolic_gives_up_on_an_exploding_formula_and_the_caller_survives():
    before = set(multiprocessing.active_children())
    outcome = symbolic(parse("9^9^9"), seconds=1.0)
    assert outcome.ok is False
    assert outcome.partials == {}
    assert "did not finish within 1 s" in outcome.reason
    assert set(multiprocessing.active_children()) <= before  # the worker was stopped and reaped
    # this process still works, SymPy included
    again = symbolic(parse("x^3"), seconds=30.0)
    assert again.ok and same(again.partials["x"].expr, 3 * x**2)
    assert same(derive(parse("x^3"))["x"].expr, 3 * x**2)


def test_symbolic_reports_a_failure_as_a_reason(monkeypatch):
    # derive raising inside the worker (a fork of this process, which carries the patch): the exception
    # comes back as data. (Other tests' threads may still run here, which would send it to the fork server.)
    monkeypatch.setattr("explorer.formula.symbolic_job.one_thread", lambda: True)
    monkeypatch.setattr("explorer.formula.symbolic_job.derive", lambda formula: 1 / 0)
    outcome = symbolic(parse("x"), seconds=30.0)
    assert outcome.ok is False
    assert outcome.reason.startswith("SymPy failed: ZeroDivisionError")


def test_the_one_child_runner_answers_fails_and_is_killed():
    """explorer/workers/child.py: a job's JSON answer, its own failure as data, its memory cap, a crash, a hang."""
    assert ask_forked({"seconds": 30}, 30.0, lambda r: {"sum": 7 + 2})[0] == {"sum": 9}
    assert ask_forked({"seconds": 30, "memory": 1 << 28}, 30.0, lambda r: {"n": len(bytearray(1 << 32))})[0] == \
        {"failed": "memory"}  # fmt: skip
    assert ask_forked({"seconds": 30}, 30.0, lambda r: os._exit(3))[0] == {"failed": "died"}
    answer, peak = ask_forked({"seconds": 30}, 0.5, lambda r: time.sleep(60) or {})
    assert answer == {"failed": "timeout"} and peak > 0


@pytest.mark.parametrize(
    ("text", "point", "expected"),
    [
        ("(x-4)*(x^2+6)", {"x": 0.0}, 6.0),
        ("(x-4)*(x^2+6)", {"x": 2.0}, 2.0),  # 3*4 - 16 + 6
        ("(sqrt(x)+1)^3", {"x": 4.0}, 3 * 9 / 4),  # 3 (2+1)^2 / (2*2)
        ("sin(x)", {"x": math.pi}, -1.0),
        ("x^2 y", {"x": 3.0, "y": 2.0}, 12.0),
    ],
)
def test_evaluate_a_derivative_at_a_point(text, point, expected):
    formula = parse(text)
    d = derive(formula)[formula.variables[0]].expr
    assert evaluate(d, point) == pytest.approx(expected, rel=1e-12)


def test_evaluate_outside_the_real_domain():
    d = derive(parse("sqrt(x)"))["x"].expr  # 1/(2 sqrt(x))
    assert evaluate(d, {"x": -1.0}) == pytest.approx(-0.5j)
    assert evaluate(d, {"x": 0.0}) == math.inf  # SymPy: zoo; here inf, as in torch (not 1/2 * inf = nan+nanj)
    assert evaluate(derive(parse("3/x"))["x"].expr, {"x": 0.0}) == -math.inf  # -3 * inf, in real arithmetic


@pytest.mark.parametrize(("text", "at"), [("relu(x)", 0.0), ("relu(x)", -1.0), ("relu(x)", 2.0), ("abs(x)", 0.0)])
def test_kinks_agree_with_torch(text, at):
    formula = parse(text)
    exact = evaluate(derive(formula)["x"].expr, {"x": at})
    auto = run(formula, {"x": at}, dtype="float64").grads["x"].item()
    assert exact == auto
    if at == 0.0:
        assert exact == 0.0
