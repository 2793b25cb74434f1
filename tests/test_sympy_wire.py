"""SymPy's answers as JSON (explorer/formula/sympy_wire.py): every derivative of generated formulas comes back
as the very same tree; anything outside the listed classes is refused, never looked up; and the fork
server (the threaded server's way) answers exactly what a fork of a one-thread process answers."""

from __future__ import annotations

import json
import threading

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from test_properties import WITH_VARIABLES

from explorer.formula.parser import parse
from explorer.formula.symbolic import derive, second_derivatives
from explorer.formula.symbolic_job import ask, second_derivatives_bounded
from explorer.formula.sympy_wire import from_wire, to_wire

HAND = ["(sqrt(x)+1)^3", "relu(relu(x))", "relu(x) abs(y)", "x^x", "log2(x) + log10(y) + sigmoid(x) + softplus(y)",
        "1/x + tan(x)",
        "asin(x) + acos(y) + atan(x y) + tanh(x) + sinh(x) cosh(y)", "0.1 x + pi e^x", "(x+y+z)^300"]  # fmt: skip


def same_tree(a: sp.Basic, b: sp.Basic) -> bool:
    return sp.srepr(a) == sp.srepr(b)


@pytest.mark.parametrize("text", HAND)
def test_hand_picked_derivatives_cross_as_json_unchanged(text):
    f = parse(text)
    seconds = [e for row in second_derivatives(f).values() for e in row.values()]
    for expr in [p.expr for p in derive(f).values()] + seconds:
        tree = json.loads(json.dumps(to_wire(expr)))  # what crosses the socket
        assert same_tree(from_wire(tree), expr)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WITH_VARIABLES)
def test_every_generated_formulas_derivatives_cross_unchanged(text):
    for partial in derive(parse(text)).values():
        assert same_tree(from_wire(json.loads(json.dumps(to_wire(partial.expr)))), partial.expr)


@pytest.mark.parametrize("tree", [["Function", "x"], ["__import__", ["Symbol", "os"]], ["S", "Catalan"],
                                  ["Integer", "1_000"], ["Integer", "0x10"], ["Float", "nan()", 53], "x", [],
                                  ["Piecewise", ["Symbol", "x"]], ["sin", ["eval", ["Symbol", "x"]]]])  # fmt: skip
def test_anything_else_is_refused(tree):
    with pytest.raises(ValueError):
        from_wire(tree)


def test_an_unlisted_class_in_an_answer_is_a_reason_not_a_crash():
    with pytest.raises(ValueError, match="gamma"):
        to_wire(sp.gamma(sp.Symbol("x")))


def test_the_fork_server_answers_what_a_fork_answers():
    """From a second thread (as in the Streamlit server) the request goes to the fork server."""
    text = "sin(x) exp(-x^2/4) + relu(y) / x"
    local = ask("derive", text, seconds=30.0)
    found = {}
    thread = threading.Thread(target=lambda: found.update(answer=ask("derive", text, seconds=30.0),
                                                          hessian=second_derivatives_bounded(text, seconds=30.0)))
    thread.start()
    thread.join()
    assert local.ok and found["answer"].ok
    assert found["answer"].value == local.value  # the same JSON, trees and texts
    assert found["hessian"].ok
    assert same_tree(found["hessian"].value["x"]["y"], second_derivatives(parse(text))["x"]["y"])


def test_the_fork_server_gives_up_on_an_exploding_formula():
    found = {}
    thread = threading.Thread(target=lambda: found.update(answer=ask("derive", "9^9^9 x", seconds=1.0)))
    thread.start()
    thread.join()
    assert not found["answer"].ok and "did not finish within 1 s" in found["answer"].reason
