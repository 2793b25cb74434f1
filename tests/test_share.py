"""Share links: every setting of both pages -> URL parameters -> the same settings; bad parameters
are named, never fatal."""

from __future__ import annotations

import math

import pytest

from explorer.share.links import LinkProblem, read, write
from explorer.share.pages import FORMULA_PAGE, LAB_PAGE
from explorer.share.setting import VARIABLE

# A value for every setting of the formula page, none of them its default (variables x and y).
FORMULA_STATE = {
    "formula": "(x+2y)^2", "lang": "ja", "dtype": "float64",
    "value:x": 1.0, "value:y": math.pi, "grad:x": False, "grad:y": False,
    "lo:x": -3.0, "hi:x": 7.5, "lo:y": 0.0, "hi:y": 0.5, "dir:x": -2.0, "dir:y": 0.25,
    "code_open": True, "numbers": False, "saved": True, "legend_open": True, "walk": True, "step": 3,
    "plot_kind": "curve", "plot_var": "y", "second": True, "map_x": "y", "map_y": "x", "three_d": True,
    "beyond_tab": "again", "hess_var": "y", "again": 4,
}  # fmt: skip
LAB_STATE = {
    "lang": "ja", "lab_seed": 7.0, "lab_batch": 8.0, "lab_inputs": 1.0, "lab_outputs": 1.0, "lab_lr": 0.5,
    "lab_optimizer": "adam", "lab_steps": 40.0, "lab_forget": True, "lab_freeze": True, "lab_node": "TBackward0",
}  # fmt: skip


def keys(settings, variables) -> set[str]:
    """Every session-state key the settings name, per-variable ones once for each variable."""
    found = set()
    for setting in settings:
        found |= {setting.key.replace(VARIABLE, v) for v in variables} if VARIABLE in setting.key else {setting.key}
    return found


def test_the_states_cover_every_setting_of_both_pages():
    assert set(FORMULA_STATE) == keys(FORMULA_PAGE, ["x", "y"])
    assert set(LAB_STATE) == keys(LAB_PAGE, [])
    for settings, state in ((FORMULA_PAGE, FORMULA_STATE), (LAB_PAGE, LAB_STATE)):
        for setting in settings:
            key = setting.key.replace(VARIABLE, "y")
            assert state[key] != setting.default, key  # each one would be left out of a link if it were


@pytest.mark.parametrize(("settings", "state", "variables"), [(FORMULA_PAGE, FORMULA_STATE, ("x", "y")),
                                                              (LAB_PAGE, LAB_STATE, ())])  # fmt: skip
def test_round_trip_keeps_every_setting(settings, state, variables):
    params = write(state, variables, settings)
    back, problems = read(params, settings)
    assert problems == []
    assert back == state


def test_the_link_reads_like_the_page():
    params = write(FORMULA_STATE, ("x", "y"))
    assert list(params)[:8] == ["formula", "lang", "dtype", "x", "y", "x.grad", "y.grad", "x.from"]
    assert params["y"] == repr(math.pi) and params["y.grad"] == "0" and params["3d"] == "1" and params["step"] == "3"
    assert (params["view"], params["along"], params["tab"], params["calls"]) == ("curve", "y", "again", "4")


def test_defaults_are_left_out_and_only_the_formulas_variables_are_written():
    state = {"formula": "x", "value:x": 2.0, "grad:x": True, "dtype": "float32", "numbers": True, "step": 0,
             "value:q": 5.0, "grad:q": False, "lang": "en", "beyond_tab": "hessian", "again": 1}  # fmt: skip
    assert write(state, ("x",)) == {"formula": "x", "x": "2.0"}


def test_values_may_be_constant_expressions():
    values, problems = read({"x": "pi/2", "y": "-1.5", "x.from": "-2pi"})
    assert problems == []
    assert values == {"value:x": math.pi / 2, "value:y": -1.5, "lo:x": -2 * math.pi}


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
        ({"view": "<script>"}, "view", "map, curve"),
        ({"lang": "fr"}, "lang", "en, ja"),
        ({"step": "-1"}, "step", "whole number from 0 to 10000"),
        ({"calls": "51"}, "calls", "whole number from 1 to 50"),
        ({"along": "sin"}, "along", "a variable's name"),
        ({"<img src=x>": "1"}, "<img src=x>", "not a setting"),
        ({"e": "1"}, "e", "not a setting"),  # e is Euler's number, never a variable
        ({"formula": "x" * 5000}, "formula", "longer than"),
    ],
)
def test_bad_parameters_are_reported_and_the_rest_still_applies(params, parameter, fragment):
    values, problems = read({**params, "dtype": params.get("dtype", "float64"), "z": "3"})
    (problem,) = problems
    assert isinstance(problem, LinkProblem)
    assert problem.parameter == parameter and fragment in problem.message
    assert values["value:z"] == 3.0  # the good parts of the link still count


def test_a_hostile_formula_is_kept_as_text_for_the_parser_to_refuse():
    values, problems = read({"formula": "__import__('os').system('ls')"})
    assert problems == [] and values == {"formula": "__import__('os').system('ls')"}


def test_the_lab_reads_its_own_settings_and_refuses_the_formula_pages():
    values, problems = read({"seed": "3", "lr": "1/8", "optimizer": "momentum", "x": "1"}, LAB_PAGE)
    assert values == {"lab_seed": 3.0, "lab_lr": 0.125, "lab_optimizer": "momentum"}
    assert [p.parameter for p in problems] == ["x"]
