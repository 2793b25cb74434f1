"""The formula door's one call: `explorer.formula.pipeline.run` gives the whole record, and its comparison with SymPy
agrees with finite differences and says where autograd has no .grad."""

from __future__ import annotations

import math

from explorer.formula.pipeline import run
from explorer.formula.symbolic_job import symbolic


def test_one_call_gives_printout_graph_findings_and_the_comparison_with_sympy() -> None:
    ran = run("x^2*y + sin(y)", {"x": 2.0, "y": 3.0}, dtype="float64")
    assert ran.output == "z"  # y is an input
    assert ran.printout().splitlines()[0] == "z = tensor(12.1411, dtype=torch.float64, grad_fn=<AddBackward0>)"
    assert ran.graph.walk is not None and ran.graph.walk.seed.item() == 1.0
    h = 1e-6
    f = lambda x, y: x * x * y + math.sin(y)  # noqa: E731
    by_difference = {"x": (f(2 + h, 3) - f(2 - h, 3)) / (2 * h), "y": (f(2, 3 + h) - f(2, 3 - h)) / (2 * h)}
    compared = ran.compared(symbolic(ran.formula))
    assert [c.name for c in compared] == ["x", "y"]
    for c in compared:
        assert math.isclose(c.exact, by_difference[c.name], rel_tol=1e-6)
        assert math.isclose(c.autograd, c.exact, rel_tol=1e-12) and c.check.verdict == "agrees"


def test_a_frozen_variable_has_no_grad_to_compare_and_nan_is_named() -> None:
    ran = run("x*y", {"x": 1.0, "y": 2.0}, {"x": True, "y": False})
    (x, y) = ran.compared(symbolic(ran.formula))
    assert x.autograd == 2.0 and y.autograd is None and y.check.verdict == "not_compared"
    broken = run("log(x)", {"x": -1.0})
    assert [label for label, _ in broken.non_finite()] == ["y"]  # log(-1) is nan; its slope 1/x = -1 is not
    assert broken.findings  # where the nan was born
