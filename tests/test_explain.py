"""Findings: where a nan or inf was born, and the corners of abs and relu, on hand-worked cases.

Every expected number below is worked out by hand (IEEE arithmetic in float32 or float64), and the
PyTorch result it explains is checked first, so a finding is never asserted about a number PyTorch
did not produce.
"""

from __future__ import annotations

import math

import pytest

from explorer.formula.explain import MAX_FINDINGS, MAX_WHERE, Finding, explain
from explorer.formula.forward import forward, trace
from explorer.formula.parser import parse
from explorer.i18n import LANGUAGES, t


def findings(formula: str, dtype: str = "float32", **point: float) -> list[Finding]:
    computation = forward(parse(formula), point, dtype=dtype)
    _, graph = trace(computation)
    return explain(computation, graph, dtype)


def outcome(formula: str, dtype: str = "float32", **point: float) -> tuple[float, dict[str, float]]:
    result, _ = trace(forward(parse(formula), point, dtype=dtype))
    return result.value.item(), {name: grad.item() for name, grad in result.grads.items()}


# formula, point, (the key, where, value) of each finding in order
BORN = [
    ("sqrt(-4 + x)", {"x": 0}, [("why.sqrt_negative", "sqrt(-4 + x)", "-4")]),
    ("log(x)", {"x": 0}, [("why.log_zero", "log(x)", "0")]),
    ("2 + ln(x)", {"x": -1}, [("why.log_negative", "ln(x)", "-1")]),
    ("log10(x - 3)", {"x": 1}, [("why.log_negative", "log10(x - 3)", "-2")]),
    ("asin(x)", {"x": 2}, [("why.asin_range", "asin(x)", "2")]),
    ("acos(x)", {"x": -1.5}, [("why.asin_range", "acos(x)", "-1.5")]),
    ("1/(x - x)", {"x": 1}, [("why.divide_by_zero", "1/(x - x)", "1 / 0")]),
    ("x/0", {"x": 0}, [("why.zero_over_zero", "x/0", "0 / 0")]),
    ("x^0.5", {"x": -1}, [("why.negative_base", "x^0.5", "(-1)^0.5")]),
    ("0^x", {"x": -1}, [("why.zero_negative_power", "0^x", "0^-1")]),
    ("exp(x)", {"x": 100}, [("why.overflow", "exp(x)", "100")]),  # e^100 = 2.7e43 > 3.4e38
    ("x*x", {"x": 1e20}, [("why.overflow", "x*x", "1e+20 × 1e+20")]),
    # the overflow, then the nan it leads to; one overflow although exp(x) appears twice
    ("exp(x) - exp(x)", {"x": 1000}, [("why.overflow", "exp(x)", "1000"),
                                       ("why.inf_minus_inf", "exp(x) - exp(x)", "inf - inf")]),
    ("sin(exp(x))", {"x": 1000}, [("why.overflow", "exp(x)", "1000"), ("why.function_of_inf", "sin(exp(x))", "inf")]),
    ("0*exp(x)", {"x": 1000}, [("why.overflow", "exp(x)", "1000"), ("why.zero_times_inf", "0*exp(x)", "0 × inf")]),
    ("exp(x)/exp(x)", {"x": 1000}, [("why.overflow", "exp(x)", "1000"),
                                     ("why.inf_over_inf", "exp(x)/exp(x)", "inf / inf")]),
]  # fmt: skip


@pytest.mark.parametrize(("formula", "point", "expected"), BORN, ids=[case[0] for case in BORN])
def test_the_birth_of_a_nan_or_inf_is_named_with_its_numbers(formula, point, expected) -> None:
    value, _ = outcome(formula, **point)
    assert not math.isfinite(value)  # PyTorch's own answer is the one being explained
    got = [(f.key, f.params["where"], f.params["value"]) for f in findings(formula, **point) if "where" in f.params]
    assert got == expected


# formula, point, the backward findings: (key, the node class or variable, what arrived and was sent, or the grads)
BACKWARD = [
    ("sqrt(x)", {"x": 0}, [("why.backward_inf", "SqrtBackward0", "1 → inf")]),  # 1/(2 sqrt u) at 0
    ("log(x)", {"x": 0}, [("why.backward_inf", "LogBackward0", "1 → inf")]),  # 1/u at 0
    ("x/0", {"x": 0}, [("why.backward_inf", "DivBackward0", "1 → inf")]),  # d(u/0)/du = 1/0
    ("exp(x)", {"x": 100}, [("why.backward_inf", "ExpBackward0", "1 → inf")]),  # e^100 > float32's largest
    ("0^x", {"x": -1}, [("why.backward_inf", "PowBackward2", "1 → -inf")]),  # 0^v log 0
    # 1/u at u = 0 sends -inf to x - x, which sends -inf to x and +inf to x: x.grad = -inf + inf = nan
    ("1/(x - x)", {"x": 1}, [("why.backward_inf", "ReciprocalBackward0", "1 → -inf"),
                             ("why.grads_add_to_nan", "x", "-inf, inf")]),
    # both exps overflow and send ±inf (said once per node class), which add up to nan in x.grad
    ("exp(x) - exp(x)", {"x": 1000}, [("why.backward_inf", "ExpBackward0", "-1 → -inf"),
                                       ("why.grads_add_to_nan", "x", "inf, -inf")]),
    # x*sqrt(x) at 0: Mul sends sqrt(0) = 0 to sqrt, which multiplies it by 1/(2 sqrt 0) = inf
    ("x*sqrt(x)", {"x": 0}, [("why.backward_zero_times_inf", "SqrtBackward0", "0 → nan")]),
    ("sqrt(x)", {"x": -1}, []),  # nan forward: SqrtBackward0's nan is no news, the forward finding says why
    ("x^2", {"x": 2}, []),
]  # fmt: skip


def _backward(finding: Finding) -> tuple[str, str, str]:
    if finding.key == "why.grads_add_to_nan":
        return finding.key, finding.params["name"], finding.params["grads"]
    return finding.key, finding.params["op"], f"{finding.params['arrived']} → {finding.params['sent']}"


@pytest.mark.parametrize(("formula", "point", "expected"), BACKWARD, ids=[f"{c[0]}@{c[1]}" for c in BACKWARD])
def test_a_local_derivative_that_blows_up_in_backward_is_named(formula, point, expected) -> None:
    _, grads = outcome(formula, **point)
    if expected:  # only what PyTorch really produced is explained
        assert not all(math.isfinite(g) for g in grads.values())
    got = [_backward(f) for f in findings(formula, **point) if "where" not in f.params]
    assert got == expected


def test_float32_sin_pi_is_not_zero_and_that_is_why_its_square_root_is_nan() -> None:
    (only,) = findings("x*sqrt(sin(pi))", x=2)
    assert (only.key, only.params["where"]) == ("why.sqrt_negative", "sqrt(sin(pi))")
    assert only.params["value"] == "-8.742e-08"  # float32(pi) = 3.14159274..., just past pi
    assert findings("x*sqrt(sin(pi))", "float64", x=2) == []  # float64's sin(pi) is +1.2e-16: sqrt is fine


def test_an_overflow_names_the_dtype_and_its_largest_number() -> None:
    only, _ = findings("exp(x)", x=100)  # the forward overflow, then ExpBackward0's
    assert (only.params["dtype"], only.params["limit"], only.params["result"]) == ("float32", "3.403e+38", "inf")
    assert findings("exp(x)", "float64", x=100) == []  # 2.7e43 fits in float64 (largest 1.8e308)
    assert findings("exp(x)", "float64", x=1000)[0].params["limit"] == "1.798e+308"


def test_nan_passed_along_is_not_born_again() -> None:
    # sqrt(-1) is nan; the sum, the product and the sin after it only pass it on
    assert [f.params["where"] for f in findings("sin(2*(sqrt(x) + 1))", x=-1)] == ["sqrt(x)"]


@pytest.mark.parametrize(("formula", "key"), [("abs(x)", "why.corner_abs"), ("3 + relu(x - 2)", "why.corner_relu")])
def test_a_corner_hit_exactly_says_pytorch_uses_zero(formula, key) -> None:
    point = {"x": 2.0} if "x - 2" in formula else {"x": 0.0}
    _, grads = outcome(formula, **point)
    assert grads == {"x": 0.0}  # PyTorch's choice at the corner
    assert [f.key for f in findings(formula, **point)] == [key]
    assert findings(formula, x=0.5) == []  # off the corner: an ordinary point


def test_a_finite_value_with_an_infinite_slope_is_found_in_backward_only() -> None:
    value, grads = outcome("sqrt(x)", x=0)
    assert (value, grads) == (0.0, {"x": math.inf})  # d sqrt(u)/du = 1/(2 sqrt u) = inf at 0
    (only,) = findings("sqrt(x)", x=0)
    assert (only.key, only.params) == ("why.backward_inf", {"op": "SqrtBackward0", "arrived": "1", "sent": "inf"})


def test_backward_is_not_blamed_after_a_forward_nan() -> None:
    assert [f.key for f in findings("sqrt(x)", x=-1)] == ["why.sqrt_negative"]


def test_an_ordinary_point_has_nothing_to_explain() -> None:
    for formula in ("(sqrt(x)+1)^3", "(x-4)(x^2+6)", "sin(x)", "abs(x) + relu(x)", "log(x)"):
        value, grads = outcome(formula, x=2)
        assert math.isfinite(value) and all(math.isfinite(g) for g in grads.values())
        assert findings(formula, x=2) == []


def test_long_subformulas_are_shortened_and_findings_are_few() -> None:
    long = " + ".join(["sqrt(x - 3)"] * 10) + " + " + " + ".join(["log(x - 2)"] * 3)
    found = [f for f in findings(long, x=2) if "where" in f.params]
    assert len(found) == 2  # one sqrt of -1 and one log of 0: identical births are told once
    wide = "sqrt(" + " + ".join(["x"] * 30) + " - 100)"
    (only,) = findings(wide, x=2)
    assert len(only.params["where"]) == MAX_WHERE and only.params["where"].endswith("…")
    many = " + ".join(f"sqrt({k} - x)" for k in range(10))
    assert len(findings(many, x=20)) == MAX_FINDINGS


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_finding_reads_in_both_languages(lang) -> None:
    cases = [("sqrt(x)", 0), ("exp(x)", 100), ("abs(x)", 0), ("x*sqrt(x)", 0), ("1/(x - x)", 1), ("x^0.5", -1),
             ("relu(x)", 0), ("log(x)", 0), ("asin(x)", 2)]
    for formula, x in cases:
        for finding in findings(formula, x=x):
            text = t(finding.key, lang, **finding.params)
            named = finding.params.get("where") or finding.params.get("op") or finding.params["name"]
            assert named in text
            assert "{" not in text
