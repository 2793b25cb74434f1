"""What the user set stays set (issue 10's lost state): across reruns, hidden widgets, links and both pages."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from explorer.formula.presets import PRESETS
from explorer.share.pages import FORMULA_PAGE, LAB_PAGE
from explorer.share.setting import VARIABLE
from tests.conftest import APP


def type_formula(at: AppTest, text: str) -> AppTest:
    at.text_input(key="formula").input(text).run()
    assert not at.exception, at.exception
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def code_is_open(at: AppTest) -> bool:
    return any(c.value.startswith("import torch") or c.value.startswith("import math") for c in at.code)


def test_the_code_expander_stays_open(app: AppTest) -> None:
    app.session_state["code_open"] = True  # what opening it does (its on_change keeps the state)
    app.run()
    assert code_is_open(app)
    type_formula(app, "x^3")
    assert code_is_open(app)
    app.button(key=f"preset:{PRESETS[2].label}").click().run()
    assert code_is_open(app)
    type_formula(app, "log(x)")
    app.number_input(key="value:x").set_value(-1.0).run()  # warnings appear above the expander
    assert app.warning and code_is_open(app)
    type_formula(app, "x^")  # a typo hides the expander for one run
    type_formula(app, "x^2")
    assert code_is_open(app)


def test_plot_ranges_survive_a_view_switch_and_a_typo(app: AppTest) -> None:
    type_formula(app, "x*y")
    app.number_input(key="lo:y").set_value(0.0).run()
    app.number_input(key="hi:y").set_value(0.5).run()
    app.radio(key="plot_kind").set_value("curve").run()
    app.radio(key="plot_kind").set_value("map").run()
    assert (app.number_input(key="lo:y").value, app.number_input(key="hi:y").value) == (0.0, 0.5)
    type_formula(app, "x^2")
    app.number_input(key="lo:x").set_value(-1.0).run()
    app.number_input(key="hi:x").set_value(1.0).run()
    type_formula(app, "x^")
    type_formula(app, "x^3")
    assert (app.number_input(key="lo:x").value, app.number_input(key="hi:x").value) == (-1.0, 1.0)


def test_the_tutorial_caption_says_when_the_page_left_the_tutorials_settings(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[5].label}").click().run()
    (caption,) = [c for c in texts(app.caption) if c.startswith("The tutorial prints")]
    assert "differs" not in caption
    app.number_input(key="value:x").set_value(3.0).run()
    (caption,) = [c for c in texts(app.caption) if c.startswith("The tutorial prints")]
    assert "The tutorial's point is x = 2 in float32" in caption and "this page differs (x = 3)" in caption
    app.radio(key="dtype").set_value("float64").run()
    app.toggle(key="grad:x").set_value(False).run()
    (caption,) = [c for c in texts(app.caption) if c.startswith("The tutorial prints")]
    assert "(x = 3, float64, x with requires_grad off)" in caption


def test_a_frozen_variable_carried_to_a_new_formula_is_named(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[0].label}").click().run()
    app.toggle(key="grad:x").set_value(False).run()
    type_formula(app, "x^x")
    assert app.code[0].value.splitlines()[0] == "y = tensor(1.)"  # no grad_fn: x is still frozen
    assert "requires_grad is off for `x`: PyTorch does not track it, and its .grad is None." in texts(app.caption)


def test_an_emptied_number_says_what_the_page_uses(app: AppTest) -> None:
    app.number_input(key="value:x").set_value(None).run()
    assert "x is empty: type a number. Until then the page uses x = 2." in texts(app.error)
    assert app.code[0].value.splitlines()[1] == "x.grad = tensor(6.1820)"  # still x = 2, not 0


def lab(at: AppTest) -> AppTest:
    at.switch_page("ui/lab.py").run()
    assert not at.exception, at.exception
    return at


def test_lab_settings_are_checked_as_typed_not_rounded(app: AppTest) -> None:
    lab(app)
    app.number_input(key="lab_seed").set_value(1e20).run()
    assert any("the seed must be a whole number from 0 to 2**63 - 1, not 1e+20" in e for e in texts(app.error))
    app.number_input(key="lab_seed").set_value(0.0).run()
    app.number_input(key="lab_inputs").set_value(2.5).run()
    assert any("inputs must be a whole number from 1 to 100, not 2.5" in e for e in texts(app.error))


def test_the_lab_says_when_training_diverges(app: AppTest) -> None:
    lab(app)
    assert not any("diverged" in w for w in texts(app.warning))
    app.number_input(key="lab_lr").set_value(1.5).run()
    (warning,) = [w for w in texts(app.warning) if "diverged" in w]
    assert "Training diverged: the loss went from 1.343 to 1.284e+18" in warning and "lr = 1.5" in warning


# ---------------------------------------------------------------- share links
# A value for every widget of both pages that is not its default.
FORMULA_WIDGETS = {
    "formula": "w*x + b", "dtype": "float64", "value:w": 2.0, "value:x": 1.5, "value:b": -3.0,
    "grad:w": False, "lo:x": -1.0, "hi:x": 4.0, "lo:b": -5.0, "hi:b": 0.5, "dir:w": 0.5, "dir:x": -1.0,
    "dir:b": 2.0, "numbers": False, "saved": True, "walk": True, "step": 2, "plot_kind": "map", "map_x": "x",
    "map_y": "b", "three_d": True, "second": True, "plot_var": "b", "hess_var": "b", "again": 3,
}  # fmt: skip
LAB_WIDGETS = {"lab_seed": 3.0, "lab_batch": 8.0, "lab_inputs": 1.0, "lab_outputs": 1.0, "lab_lr": 0.05,
               "lab_optimizer": "adam", "lab_steps": 30.0, "lab_forget": True, "lab_freeze": True}  # fmt: skip
STORED = {"code_open": True, "legend_open": True, "beyond_tab": "again", "lang": "ja"}  # expanders, tabs, language


def test_every_setting_of_the_formula_page_is_in_its_link() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="formula").input(FORMULA_WIDGETS["formula"]).run()  # the variables' widgets exist from here
    for key, value in {**FORMULA_WIDGETS, **STORED}.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    link = dict(at.query_params)
    named = {s.param for s in FORMULA_PAGE if VARIABLE not in s.param}
    named |= {s.param.replace(VARIABLE, v) for s in FORMULA_PAGE if VARIABLE in s.param for v in "wxb"}
    assert set(link) == named - {"x.grad", "b.grad"}  # every other setting was set, and so is in the link

    again = AppTest.from_file(APP, default_timeout=60)
    again.query_params.update(link)
    again.run()
    assert not again.exception, again.exception
    assert not any("使われませんでした" in w.value for w in again.warning)  # every parameter was used
    for key, value in {**FORMULA_WIDGETS, **STORED}.items():
        assert again.session_state[key] == value, key
    assert again.title[0].value.endswith("自動微分を見る")  # lang=ja
    assert dict(again.query_params) == link  # the reopened page writes the same link


def test_every_setting_of_the_lab_is_in_its_link() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/lab.py").run()
    for key, value in {**LAB_WIDGETS, "lang": "ja"}.items():
        at.session_state[key] = value
    at.run()
    at.session_state["lab_node"] = "AddmmBackward0"  # (the frozen weight has no TBackward0)
    at.run()
    assert not at.exception, at.exception
    link = dict(at.query_params)
    assert link["lang"] == "ja" and link["optimizer"] == "adam" and link["node"] == "AddmmBackward0"
    assert {s.param for s in LAB_PAGE} == set(link)

    again = AppTest.from_file(APP, default_timeout=60)
    again.query_params.update(link)
    again.switch_page("ui/lab.py").run()  # the link is the lab's: /lab?seed=3&...
    assert not again.exception, again.exception
    assert not any("was not used" in w.value for w in again.warning)
    for key, value in {**LAB_WIDGETS, "lang": "ja", "lab_node": "AddmmBackward0"}.items():
        assert again.session_state[key] == value, key
