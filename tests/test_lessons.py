"""The page teaches what PyTorch does (issue 10's wrong lessons), checked against PyTorch itself and SymPy."""

from __future__ import annotations

import json

import pytest
import torch
from streamlit.testing.v1 import AppTest

from explorer.formula.presets import PRESETS
from ui.common import plain


def type_formula(at: AppTest, text: str) -> AppTest:
    at.text_input(key="formula").input(text).run()
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, tab: str) -> AppTest:
    """What clicking a tab of "Beyond first derivatives" does: the page remembers which one is open."""
    at.session_state["beyond_tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def pytorch_error(call) -> str:
    with pytest.raises(RuntimeError) as info:
        call()
    return f"RuntimeError: {info.value}"


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_backward_again_without_requires_grad_shows_pytorchs_error(app: AppTest) -> None:
    type_formula(app, "x^2")
    app.toggle(key="grad:x").set_value(False).run()
    open_tab(app, "again")
    app.button(key="again_more").click().run()
    app.button(key="again_more").click().run()
    x = torch.tensor(2.0)
    expected = pytorch_error(lambda: (x**2).backward(retain_graph=True))
    (error,) = app.error
    assert plain(expected) in error.value and "element 0 of tensors does not require grad" in expected
    assert not any("times the true gradient" in w for w in texts(app.warning))  # no made-up piling up
    assert not any(c.startswith("call 1") for c in texts(app.code))  # nothing was printed: the first call raised


def test_backward_again_shows_retain_graph_in_the_lesson_and_why(app: AppTest) -> None:
    type_formula(app, "x^2")
    open_tab(app, "again")
    app.button(key="again_more").click().run()
    app.button(key="again_more").click().run()
    lesson = next(c.value for c in app.code if "for call in range" in c.value)
    assert "y.backward(retain_graph=True)" in lesson and "range(1, 4)" in lesson
    printed = next(c.value for c in app.code if c.value.startswith("call 1"))
    assert printed.splitlines() == ["call 1 x.grad = tensor(4.)", "call 2 x.grad = tensor(8.)",
                                    "call 3 x.grad = tensor(12.)"]  # fmt: skip
    x = torch.tensor(2.0, requires_grad=True)
    y = x**2
    y.backward()
    twice = pytorch_error(y.backward)
    assert any(twice in c for c in texts(app.caption))  # what happens without retain_graph=True
    assert any("3 backward() calls" in w for w in texts(app.warning))


def test_the_hessian_follows_requires_grad(app: AppTest) -> None:
    type_formula(app, "x^2")
    app.toggle(key="grad:x").set_value(False).run()
    open_tab(app, "hessian")
    assert not any(r"H = \begin{bmatrix} 2" in latex for latex in texts(app.latex))
    assert any("No variable requires grad" in i for i in texts(app.info))
    x = torch.tensor(2.0)
    raised = plain(pytorch_error(lambda: torch.autograd.grad(x**2, x, create_graph=True)))
    assert any(raised in e for e in texts(app.error))
    assert not any("returns ∂y/∂x" in c for c in texts(app.caption))  # no "returns 4"

    type_formula(app, "w*x + b")
    app.toggle(key="grad:x").set_value(False).run()
    assert any(r"H = \begin{bmatrix} 0 & 0 \\ 0 & 0 \end{bmatrix}" in latex for latex in texts(app.latex))  # w, b
    assert any("`x`: requires_grad is off" in c for c in texts(app.caption))
    app.selectbox(key="hess_var").set_value("x").run()
    assert any("One of the differentiated Tensors does not require grad" in e for e in texts(app.error))


@pytest.mark.parametrize(("text", "point", "entries"), [("(x+y+z)^300", {"x": 2.0, "y": 1.0, "z": 1.0}, 9),
                                                         ("exp(x)", {"x": 100.0}, 1)])  # fmt: skip
def test_an_infinite_hessian_does_not_agree_and_inf_is_typeset_as_infinity(app: AppTest, text, point, entries) -> None:
    type_formula(app, text)
    for name, value in point.items():
        app.number_input(key=f"value:{name}").set_value(value).run()
    open_tab(app, "hessian")
    (matrix,) = [latex for latex in texts(app.latex) if "H =" in latex]
    assert r"\infty" in matrix and "inf " not in matrix and "inf\\" not in matrix
    (against,) = [m for m in texts(app.markdown) if m.startswith("Against SymPy")]
    assert f"0 of {entries} entries compared agree" in against and "differs" in against and "agrees" not in against
    assert any("not finite where the exact derivative is" in c for c in texts(app.caption))
    assert any("differs" in m for m in texts(app.markdown) if m.startswith("At this point"))  # as the first derivative


def test_the_output_has_one_name_on_the_whole_page(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[6].label}").click().run()  # z = (x+2y)^2: y is an input
    open_tab(app, "hessian")
    (caption,) = [c for c in texts(app.caption) if "create_graph=True" in c]
    assert "torch.autograd.grad(z, x, create_graph=True)` returns ∂z/∂x" in caption
    dots = [e.proto.spec for e in app.get("graphviz_chart")]
    assert any('output [label="∂z/∂x"' in dot for dot in dots)
    assert any("`z.grad_fn`" in c for c in texts(app.caption))
    assert "z and its derivatives" in texts(app.subheader)
    app.radio(key="plot_kind").set_value("curve").run()
    names = [t["name"] for t in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]
    assert [n for n in names if "at the point" not in n][:2] == ["z", "∂z/∂x"]
    assert not any("f" in n for n in names if not n.startswith("tangent"))


def test_a_frozen_variable_is_drawn_as_a_plain_tensor(app: AppTest) -> None:
    app.button(key=f"preset:{PRESETS[0].label}").click().run()
    app.toggle(key="grad:x").set_value(False).run()
    (dot,) = [e.proto.spec for e in app.get("graphviz_chart") if e.proto.spec.startswith("digraph autograd")]
    (x_node,) = [line for line in dot.splitlines() if 'label="x\\n' in line]
    assert "AccumulateGrad" not in x_node and "requires_grad=False" in x_node
    assert dot.count("AccumulateGrad") == 2  # w and b


@pytest.mark.parametrize(("text", "between"), [("1/x", "-0.025 and 4.47e-08"), ("tan(x)", "1.55 and 1.575")])
def test_poles_break_the_curve_and_are_named(app: AppTest, text, between) -> None:
    type_formula(app, text)
    data = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    f_line = next(t for t in data if t["mode"] == "lines")
    ys = f_line["y"]
    assert None in ys  # the curve is broken, not joined from -40 to 2.2e7
    jumps = [(a, b) for a, b in zip(ys, ys[1:], strict=False) if a is not None and b is not None and a * b < 0
             and max(abs(a), abs(b)) > 1e3]  # fmt: skip
    assert jumps == []
    assert any("(a pole)" in c and between in c for c in texts(app.caption))


def test_x_to_the_x_at_zero_says_why_autograd_and_sympy_differ(app: AppTest) -> None:
    type_formula(app, "x^x")
    app.number_input(key="value:x").set_value(0.0).run()
    (verdict,) = [m for m in texts(app.markdown) if m.startswith("At this point")]
    assert "`-inf`" in verdict and "differs" in verdict
    assert "The exact derivative is not finite here, but PyTorch's backward rule gives a number." in verdict
    assert "“What happened at this point” says where this came from." in verdict
    (why,) = texts(app.info)
    assert "`x^x` is 0^0 = 1 here" in why and "uses 0 wherever the base is 0" in why


@pytest.mark.parametrize(
    ("text", "hint"),
    [("cot(x)", "write 1/tan(x) (cot is not in the formula language)"), ("arcsin(x)", "write asin(x)"),
     ("max(x, 1)", "for max(x, 1) write 1 + relu(x - 1)"), ("x!", "no factorial"),
     ("E x", "names are lower case: write e")],
)  # fmt: skip
def test_hints_on_the_page_are_right(app: AppTest, text, hint) -> None:
    type_formula(app, text)
    (error,) = texts(app.error)
    assert plain(hint) in error  # shown through Markdown, every punctuation mark escaped
