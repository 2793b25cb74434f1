"""Share links: state -> URL parameters -> the same state; bad parameters are named, never fatal."""

from __future__ import annotations

import math

import pytest

from explorer.share import LinkProblem, ViewState, read, write


def test_round_trip_keeps_every_setting():
    state = ViewState("(x+2y)^2", {"x": 1.0, "y": math.pi}, {"x": True, "y": False}, "float64",
                      {"x": (-3.0, 7.5)}, "curve", "ja")  # fmt: skip
    params = write(state)
    assert params == {
        "formula": "(x+2y)^2", "x": "1.0", "y": repr(math.pi), "y.grad": "0", "dtype": "float64",
        "x.from": "-3.0", "x.to": "7.5", "view": "curve", "lang": "ja",
    }  # fmt: skip
    back, problems = read(params)
    assert problems == []
    assert back.formula == state.formula and back.values == state.values and back.dtype == "float64"
    assert back.grads == {"y": False} and back.ranges == {"x": (-3.0, 7.5)}
    assert (back.view, back.lang) == ("curve", "ja")


def test_defaults_are_left_out():
    assert write(ViewState("x", {"x": 2.0}, {"x": True}, "float32")) == {"formula": "x", "x": "2.0"}


def test_values_may_be_constant_expressions():
    state, problems = read({"x": "pi/2", "y": "-1.5", "x.from": "-2pi"})
    assert problems == []
    assert state.values == {"x": math.pi / 2, "y": -1.5}
    assert state.ranges == {"x": (-2 * math.pi, None)}


@pytest.mark.parametrize(
    ("params", "parameter", "fragment"),
    [
        ({"x": "abc"}, "x", "'abc' is not a number at column 1: a value is a finite number"),
        ({"x": "nan"}, "x", "the value nan is not a finite number"),
        ({"x": "inf"}, "x", "the value inf is not a finite number"),
        ({"x": "-Infinity"}, "x", "the value Infinity is not a finite number"),
        ({"x": "__import__('os')"}, "x", "not part of the formula language"),
        ({"x": "1e999"}, "x", "too large"),
        ({"x": "y + 1"}, "x", "cannot contain the variable"),
        ({"x.grad": "maybe"}, "x.grad", "1 or 0"),
        ({"dtype": "float16"}, "dtype", "float32, float64"),
        ({"view": "<script>"}, "view", "curve, map"),
        ({"lang": "fr"}, "lang", "en, ja"),
        ({"<img src=x>": "1"}, "<img src=x>", "not a setting"),
        ({"formula": "x" * 5000}, "formula", "longer than"),
    ],
)
def test_bad_parameters_are_reported_and_the_rest_still_applies(params, parameter, fragment):
    state, problems = read({**params, "dtype": params.get("dtype", "float64"), "z": "3"})
    (problem,) = [p for p in problems]
    assert isinstance(problem, LinkProblem)
    assert problem.parameter == parameter and fragment in problem.message
    assert state.values.get("z") == 3.0  # the good parts of the link still count


def test_a_hostile_formula_is_kept_as_text_for_the_parser_to_refuse():
    state, problems = read({"formula": "__import__('os').system('ls')"})
    assert problems == [] and state.formula == "__import__('os').system('ls')"
