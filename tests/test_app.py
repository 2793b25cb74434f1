"""app.py through Streamlit's AppTest: presets, typed formulas, switches and mistakes."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from explorer.formula.presets import PRESETS


def printout(at: AppTest) -> str:
    return at.code[0].value


def chart_specs(at: AppTest, kind: str) -> list[str]:
    return [element.proto.spec for element in at.get(kind)]


def autograd_dot(at: AppTest) -> str:
    (dot,) = [spec for spec in chart_specs(at, "graphviz_chart") if spec.startswith("digraph autograd")]
    return dot


def type_formula(at: AppTest, text: str) -> AppTest:
    at.text_input(key="formula").input(text).run()
    assert not at.exception, at.exception
    return at


def test_first_page_is_the_tutorials_example_5(app: AppTest) -> None:
    assert app.text_input(key="formula").value == "(sqrt(x)+1)^3"
    assert printout(app) == "y = tensor(14.0711, grad_fn=<PowBackward0>)\nx.grad = tensor(6.1820)"
    dot = autograd_dot(app)
    for op in ("PowBackward0", "AddBackward0", "SqrtBackward0", "AccumulateGrad"):
        assert op in dot
    assert not app.get("plotly_chart")  # a new visitor's first run: the plot's place, not Plotly (ui/first_paint.py)
    assert "Drawing the plot…" in [c.value for c in app.caption]
    assert not app.error
    app.run()  # the full run the browser's timer asks for
    assert len(app.get("plotly_chart")) == 1
    assert "Drawing the plot…" not in [c.value for c in app.caption]


@pytest.mark.parametrize("preset", PRESETS, ids=[p.formula for p in PRESETS])
def test_each_preset_prints_what_the_tutorial_prints(app: AppTest, preset) -> None:
    app.button(key=f"preset:{preset.label}").click().run()
    assert not app.exception, app.exception
    assert app.text_input(key="formula").value == preset.formula
    lines = printout(app).splitlines()
    names = list(preset.point)  # the preset's variables in order of first appearance
    grads = [line.split(" = ", 1)[1] for line in lines[1:]]
    assert [line.split(".grad")[0] for line in lines[1:]] == names
    assert tuple(grads) == preset.prints
    for name, value in preset.point.items():
        assert app.number_input(key=f"value:{name}").value == value
        assert app.toggle(key=f"grad:{name}").value is True
    assert any("agrees" in m.value for m in app.markdown)
    assert not any("differs" in m.value for m in app.markdown)


def test_example_6_calls_the_output_z_like_the_tutorial(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[6].label}").click().run()
    assert printout(app).splitlines()[0] == "z = tensor(25., grad_fn=<PowBackward0>)"
    assert any(r"\frac{\partial z}{\partial y}" in latex.value for latex in app.latex)


def test_requires_grad_off_leaves_grad_none(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[0].label}").click().run()
    app.toggle(key="grad:x").set_value(False).run()
    assert printout(app).splitlines() == [
        "y = tensor(5., grad_fn=<AddBackward0>)",
        "w.grad = tensor(1.)",
        "x.grad = None",
        "b.grad = tensor(1.)",
    ]
    dot = autograd_dot(app)
    assert "w\\nAccumulateGrad" in dot and "b\\nAccumulateGrad" in dot
    # x is not in PyTorch's graph: drawn apart, greyed and dashed, with .grad None
    (x_node,) = [line for line in dot.splitlines() if 'label="x\\n' in line]
    assert "requires_grad=False" in x_node and ".grad = None" in x_node and "dashed" in x_node
    assert "->" not in x_node


def test_float64_prints_the_dtype(app: AppTest) -> None:
    app.radio(key="dtype").set_value("float64").run()
    assert printout(app) == (
        "y = tensor(14.0711, dtype=torch.float64, grad_fn=<PowBackward0>)\nx.grad = tensor(6.1820, dtype=torch.float64)"
    )


def test_implicit_multiplication_and_the_parsed_latex(app: AppTest) -> None:
    type_formula(app, "(x-4)(x^2+6)")
    app.number_input(key="value:x").set_value(0.0).run()
    assert printout(app).splitlines()[1] == "x.grad = tensor(6.)"
    assert any(r"\left(x - 4\right) \cdot \left({x}^{2} + 6\right)" in latex.value for latex in app.latex)


def test_a_mistake_gets_one_clear_message_and_keeps_the_text(app: AppTest) -> None:
    type_formula(app, "2xy + 1")
    assert len(app.error) == 1
    message = app.error[0].value
    assert "unknown name" in message and "xy" in message and "column 2" in message
    assert app.text_input(key="formula").value == "2xy + 1"
    assert app.code[0].value == "2xy + 1\n ^^"  # the caret points at the mistake
    assert not app.get("graphviz_chart") and not app.get("plotly_chart")


def test_values_survive_a_formula_edit(app: AppTest) -> None:
    app.number_input(key="value:x").set_value(3.5).run()
    type_formula(app, "x^2 + y")
    type_formula(app, "x^3")
    assert app.number_input(key="value:x").value == 3.5
    assert printout(app).splitlines()[1] == "x.grad = tensor(36.7500)"


def test_undefined_values_are_explained_not_crashed(app: AppTest) -> None:
    type_formula(app, "log(x)")
    app.number_input(key="value:x").set_value(-1.0).run()
    assert printout(app).splitlines() == ["y = tensor(nan, grad_fn=<LogBackward0>)", "x.grad = tensor(-1.)"]
    assert any("nan" in w.value for w in app.warning)
    assert len(app.get("plotly_chart")) == 1


def test_the_page_says_where_a_nan_was_born_and_where_autograd_chose_a_slope(app: AppTest) -> None:
    type_formula(app, "x*sqrt(sin(pi))")  # float32's sin(pi) is -8.742e-08: its square root is nan
    assert printout(app).splitlines() == ["y = tensor(nan, grad_fn=<MulBackward0>)", "x.grad = tensor(nan)"]
    (why,) = app.info
    assert "`sqrt(sin(pi))` is nan: the square root of a negative number (-8.742e-08)" in why.value
    app.radio(key="dtype").set_value("float64").run()  # float64's sin(pi) is +1.2e-16: nothing to explain
    assert printout(app).splitlines()[1] == "x.grad = tensor(1.1066e-08, dtype=torch.float64)"
    assert not app.info and not app.warning
    type_formula(app, "abs(x)")
    app.number_input(key="value:x").set_value(0.0).run()
    assert printout(app).splitlines()[1] == "x.grad = tensor(0., dtype=torch.float64)"
    (why,) = app.info
    assert "abs has a corner at 0" in why.value and "PyTorch uses 0 there" in why.value
    app.sidebar.radio(key="lang").set_value("ja").run()
    (why,) = app.info
    assert "この点で起きたこと" in why.value and "PyTorch はそこで 0 を使います" in why.value


def test_symbolic_side_giving_up_keeps_the_numbers(app: AppTest) -> None:
    type_formula(app, "x^(9^9^9) + x")
    assert printout(app).splitlines()[0].startswith("y = tensor(")
    assert any("gave up" in w.value for w in app.warning)
    assert "AccumulateGrad" in autograd_dot(app)


def test_a_formula_without_variables(app: AppTest) -> None:
    type_formula(app, "2^3^2")
    assert printout(app) == "y = tensor(512.)"
    assert any("no variables" in i.value for i in app.info)


def test_graph_shows_values_gradients_and_saved_tensors(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[4].label}").click().run()  # (x-4)*(x^2+6) at x=0
    dot = autograd_dot(app)
    assert 'label="MulBackward0\\nvalue = -24\\ngrad = 1"' in dot
    assert 'label="SubBackward0\\nvalue = -4\\ngrad = 6"' in dot
    assert 'label="x\\nAccumulateGrad\\nvalue = 0\\n.grad = 6\\nrequires_grad=True"' in dot
    assert "_saved_self" not in dot
    app.toggle(key="saved").set_value(True).run()
    assert "_saved_exponent = 2" in autograd_dot(app)
    (tree,) = [spec for spec in chart_specs(app, "graphviz_chart") if spec.startswith("digraph expression")]
    assert '"×\\n= -24"' in tree and '"x\\n= 0"' in tree


def test_the_stepper_walks_the_engine_order_and_stays_in_bounds(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[4].label}").click().run()
    app.toggle(key="walk").set_value(True).run()
    assert app.session_state["step"] == 0
    assert app.button(key="step_back").disabled
    ops = []
    for _ in range(5):
        app.button(key="step_next").click().run()
        ops.append(next(m.value for m in app.markdown if m.value.startswith("**Step")))
    assert [text.split("`")[1] for text in ops] == [
        "MulBackward0", "AddBackward0", "PowBackward0", "SubBackward0", "AccumulateGrad",
    ]  # fmt: skip
    assert app.session_state["step"] == 5 and app.button(key="step_next").disabled
    assert any("x.grad = 6" in m.value for m in app.markdown)
    app.button(key="step_back").click().run()
    assert app.session_state["step"] == 4
    assert any("x.grad = None" in m.value for m in app.markdown)  # AccumulateGrad has not run yet
    type_formula(app, "x^3")  # a new formula resets the walk
    assert app.session_state["step"] == 0


def plotly_traces(at: AppTest, index: int = 0) -> list[dict]:
    import json

    return json.loads(at.get("plotly_chart")[index].proto.spec)["data"]


def test_the_curve_has_a_tangent_with_autograds_slope_and_an_optional_second_derivative(app: AppTest) -> None:
    traces = plotly_traces(app.run())  # the run after the first paint draws the plot
    (tangent,) = [t for t in traces if t["name"].startswith("tangent")]
    (x0, x1), (y0, y1) = tangent["x"], tangent["y"]
    assert (y1 - y0) / (x1 - x0) == pytest.approx(6.1820, abs=1e-4)  # x.grad of example 5 at x = 2
    assert not any("∂²f" in t["name"] for t in traces)
    app.toggle(key="second").set_value(True).run()
    (second,) = [t for t in plotly_traces(app) if t["name"] == "∂²y/∂x²" and t["mode"] == "lines"]
    assert len(second["x"]) == 401


def test_gaps_are_named_in_words(app: AppTest) -> None:
    type_formula(app, "sqrt(x)")
    assert any("undefined or infinite for x from -3 to" in c.value for c in app.caption)


def test_two_variables_default_to_a_map_and_three_pick_two(app: AppTest) -> None:
    type_formula(app, "x y + z")
    assert app.radio(key="plot_kind").value == "map"
    names = [t.get("name") for t in plotly_traces(app)]
    assert names[0] == "f" and names[2] == "the point"  # y and z are inputs: the output is f
    assert app.selectbox(key="map_y").options == ["y", "z"]  # the across variable is not offered again
    app.selectbox(key="map_y").set_value("z").run()
    layout_spec = app.get("plotly_chart")[0].proto.spec
    assert '"title":{"text":"z"}' in layout_spec.replace(" ", "")
    app.toggle(key="three_d").set_value(True).run()
    assert [t["type"] for t in plotly_traces(app)] == ["surface", "scatter3d"]


def test_a_bad_range_is_a_message_not_a_crash(app: AppTest) -> None:
    app.run().number_input(key="lo:x").set_value(9.0).run()
    assert any("needs 'from' below 'to'" in e.value for e in app.error)
    assert not app.exception


# ------------------------------------------------------------------- the lab page
def lab(at: AppTest) -> AppTest:
    at.switch_page("ui/lab.py").run()
    assert not at.exception, at.exception
    return at


def test_lab_prints_the_tutorials_lines_and_agrees(app: AppTest) -> None:
    lines = lab(app).code[0].value.splitlines()
    assert lines[0] == "w: Parameter containing:"
    assert [line for line in lines if line.startswith(("loss:", "***", "b:"))] == [
        "b: Parameter containing:", "loss: tensor(1.3426, grad_fn=<MseLossBackward0>)", "*** by hand",
        "*** by optimizer.step()",
    ]  # fmt: skip
    assert sum("grad_fn=<SubBackward0>" in line for line in lines) == 2
    markdown = [m.value for m in app.markdown]
    assert "Largest |by hand − `optimizer.step()`|: weight `0`, bias `0`." in markdown
    dot = chart_specs(app, "graphviz_chart")[0]
    ops = ("MseLossBackward0", "AddmmBackward0", "TBackward0", "weight\\nAccumulateGrad", "bias\\nAccumulateGrad")
    for op in ops:
        assert op in dot
    (losses, norms) = plotly_traces(app)
    assert len(losses["y"]) == 20 and losses["y"][0] == pytest.approx(1.3426, abs=1e-4)
    assert losses["y"][-1] < losses["y"][0]  # SGD at lr 0.01 lowers the loss


def test_lab_forgetting_zero_grad_piles_up_gradients_and_freezing_keeps_the_weight(app: AppTest) -> None:
    lab(app)
    plain = plotly_traces(app)[1]["y"]
    app.toggle(key="lab_forget").set_value(True).run()
    piled = plotly_traces(app)[1]["y"]
    assert piled[0] == pytest.approx(plain[0]) and piled[5] > 3 * plain[5]  # .grad holds the sum of all steps
    assert any("zero_grad() is forgotten" in w.value for w in app.warning)
    app.toggle(key="lab_forget").set_value(False).run()
    app.toggle(key="lab_freeze").set_value(True).run()
    lines = app.code[0].value.splitlines()
    assert "dL/dw: None" in lines
    assert "autograd computed none" in " ".join(m.value for m in app.markdown)


def test_lab_two_parameters_show_the_path(app: AppTest) -> None:
    lab(app)
    app.number_input(key="lab_inputs").set_value(1).run()
    app.number_input(key="lab_outputs").set_value(1).run()
    path = plotly_traces(app, 1)
    assert [t["type"] for t in path] == ["contour", "scatter"] and len(path[1]["x"]) == 21


def test_lab_runs_at_its_largest_sizes(app: AppTest) -> None:
    lab(app)
    for key, value in [("lab_batch", 1000), ("lab_inputs", 100), ("lab_outputs", 100), ("lab_steps", 50)]:
        app.number_input(key=key).set_value(value).run()
    assert not app.exception and not app.error
    assert len(plotly_traces(app)[0]["y"]) == 50
