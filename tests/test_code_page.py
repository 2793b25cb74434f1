"""The code page through AppTest: examples, output, PyTorch's errors with notes, the graph with names, links."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from explorer.share.setting import pack
from explorer.snippet.catalog import EXAMPLES
from tests.conftest import APP
from ui.common import plain

SOURCE = {e.file.removesuffix(".py"): e.source for e in EXAMPLES}


def code_page(query: dict | None = None) -> AppTest:
    """The code page; `query` is its link's parameters (as /code?...: AppTest starts on the first page, whose
    own link is replaced by the code page's before it is opened)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if query:
        at.query_params.clear()
        at.query_params.update(query)
    at.switch_page("ui/code/page.py").run()
    assert not at.exception, at.exception
    return at


def autograd_dot(at: AppTest) -> str:
    (dot,) = [e.proto.spec for e in at.get("graphviz_chart") if e.proto.spec.startswith("digraph autograd")]
    return dot


def test_the_page_opens_on_the_tutorials_loss_with_its_names_on_the_graph() -> None:
    at = code_page()
    assert at.text_area(key="code_source").value == SOURCE["tutorial_loss"]
    printed = at.code[0].value
    assert printed.startswith("w: Parameter containing:")
    assert "loss: tensor(1.3426, grad_fn=<MseLossBackward0>)" in printed
    dot = autograd_dot(at)
    for label in ("MseLossBackward0\\nloss", "AddmmBackward0\\npred\\n(5, 2)",
                  "linear.weight\\nAccumulateGrad\\n(2, 3)", "linear.bias\\nAccumulateGrad\\n(2,)"):
        assert label in dot, label
    assert at.selectbox(key="code_graph_of").value is None  # the last walk, the one on `loss`
    assert at.selectbox(key="code_graph_of").options[0] == "loss (the last walk)"
    assert "code" in at.query_params  # the snippet is in the link


def test_an_example_button_runs_that_example() -> None:
    at = code_page()
    at.button(key="code_example:tutorial_example5.py").click().run()
    assert at.text_area(key="code_source").value == SOURCE["tutorial_example5"]
    assert at.code[0].value.rstrip() == "tensor(6.1820)"
    assert "PowBackward0" in autograd_dot(at) and "x\\nAccumulateGrad" in autograd_dot(at)


def test_pytorchs_error_is_shown_as_python_ends_it_with_the_line_and_a_note() -> None:
    at = code_page()
    at.button(key="code_example:inplace_saved.py").click().run()
    (error,) = at.error
    assert "**Line 6 raises**" in error.value
    assert plain("RuntimeError: one of the variables needed for gradient computation has been modified by an") \
        in error.value  # fmt: skip
    assert any(c.value.startswith("  5 | a += 1") and "  6 | a.sum().backward()" in c.value for c in at.code)
    (note,) = at.info
    assert "Exp's backward needs a tensor it saved" in note.value and "version 0 then and is at version 1" in note.value


def test_a_warning_is_a_warning_with_its_note() -> None:
    at = code_page()
    at.button(key="code_example:retain_grad.py").click().run()
    (warning,) = at.warning
    assert warning.value.startswith("Line 7: UserWarning: The \\.grad attribute of a Tensor that is not a leaf")
    assert any("retain\\_grad()" in i.value or "retain_grad()" in i.value for i in at.info)


def test_a_named_tensor_the_walk_went_through_is_drawn_as_its_part_of_the_walk() -> None:
    at = code_page()
    at.selectbox(key="code_graph_of").set_value("pred").run()
    assert any("The part of the walk of `loss.backward()` below `pred`" in c.value for c in at.caption)
    dot = autograd_dot(at)
    assert dot.count("AccumulateGrad") == 2 and "MseLoss" not in dot
    assert "pred\\ngrad = (" in dot  # the seed of the part: what reached pred, a (batch, outputs) gradient


def test_a_link_with_code_opens_that_snippet_in_its_language() -> None:
    snippet = "import torch\nx = torch.tensor(3.0, requires_grad=True)\ny = x ** 2\ny.backward()\nprint(x.grad)\n"
    at = code_page({"code": pack(snippet), "lang": "ja"})
    assert at.text_area(key="code_source").value == snippet
    assert at.code[0].value.rstrip() == "tensor(6.)"
    assert at.title[0].value == "PyTorch のコード"


def test_a_refused_snippet_keeps_the_page_and_marks_the_line() -> None:
    at = code_page()
    at.text_area(key="code_source").input("import torch\nx = torch.ones(2)\nx.__class__\n").run()
    (error,) = at.error
    assert "This snippet is not run" in error.value and "line 3" in error.value
    assert any("  3 | x.__class__" in c.value for c in at.code)
    assert not at.get("graphviz_chart")


def pasted(source: str) -> AppTest:
    at = code_page()
    at.text_area(key="code_source").input(source).run()
    assert not at.exception, at.exception
    return at


UNNAMED = "import torch\nx = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x*x + x[0]*x\ny.sum().backward()\n"


def test_an_unnamed_loss_is_drawn_as_the_walk_it_was_and_y_as_its_part() -> None:
    at = pasted(UNNAMED)
    assert any("The walk of the last `y.sum().backward()` (line 4)" in c.value for c in at.caption)
    dot = autograd_dot(at)
    assert 'output [label="y.sum()\\ngrad = 1"' in dot and ".grad = [9, 5, 7]" in dot and "= ?" not in dot
    at.selectbox(key="code_graph_of").set_value("y").run()
    assert any("below `y`" in c.value for c in at.caption)
    dot = autograd_dot(at)
    assert 'output [label="y\\ngrad = [1, 1, 1]"' in dot and "SumBackward0" not in dot and ".grad = [9, 5, 7]" in dot


def test_accumulation_shows_grad_before_and_after_and_the_earlier_calls() -> None:
    at = pasted("import torch\nw = torch.tensor(1.0, requires_grad=True)\nfor step in range(3):\n"
                "    loss = (3*w - 2)**2\n    loss.backward()\n")
    assert ".grad 12 → 18" in autograd_dot(at)
    assert any("`w.grad` already held `12`" in c.value and "`loss.backward()` on line 5 (2 times)" in c.value
               for c in at.caption)  # fmt: skip
    at.toggle(key="code_walk").set_value(True).run()
    assert any("`w.grad = 12`" in m.value for m in at.markdown)  # the stepper's running .grad starts from 12


def test_a_failed_walk_is_drawn_failed_with_grad_as_pytorch_holds_it() -> None:
    at = pasted(SOURCE["backward_twice"])
    assert any("raised: the graph shows where the engine stopped" in c.value for c in at.caption)
    dot = autograd_dot(at)
    assert "walk_error [label=\"RuntimeError: Trying to backward through the" in dot
    assert ".grad = 12" in dot and 'fillcolor="#fee2e2"' in dot  # x holds 12; PowBackward0 is where it stopped
    assert any("this walk raised before it added anything, so it still holds `12`" in c.value for c in at.caption)


def test_no_walk_no_gradient_and_autograd_grad_is_a_walk() -> None:
    at = pasted("import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x ** 3\n")
    dot = autograd_dot(at)
    assert "\\ngrad " not in dot and 'output [label=y ' in dot
    assert any("none: no backward() went through this graph" in c.value for c in at.code)
    at = pasted("import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x ** 3\n"
                "g, = torch.autograd.grad(y, x, create_graph=True)\n")
    assert any("The walk of `torch.autograd.grad(y, x, create_graph=True)` (line 4)" in c.value for c in at.caption)
    assert "grad = 12\\n.grad = None" in autograd_dot(at)


def test_training_offers_every_element_as_pytorch_indexes_it() -> None:
    at = pasted("import torch\nw = torch.zeros(2, 3, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n"
                "for i in range(2):\n    opt.zero_grad()\n    loss = ((w - torch.arange(6.).reshape(2, 3))**2).sum()\n"
                "    loss.backward()\n    opt.step()\n")  # fmt: skip
    element = at.selectbox(key="code_element")
    assert element.options == ["[0, 0]", "[0, 1]", "[0, 2]", "[1, 0]", "[1, 1]", "[1, 2]"]
    assert any(h.value == "Training: 2 optimizer steps" for h in at.subheader)
    element.set_value(5).run()
    path = json.loads(next(c.proto.spec for c in at.get("plotly_chart") if "w[1, 2]" in c.proto.spec))
    assert path["data"][0]["x"] == [1, 2, 3]  # before step 1, before step 2, after step 2
    assert path["data"][0]["y"] == pytest.approx([0.0, 1.0, 1.8])  # w[1, 2] on its way to 5, as SGD moves it


def test_a_walk_not_drawn_says_why_and_a_leaf_changed_after_the_forward_pass_is_said() -> None:
    at = pasted("import torch\nx = torch.tensor([1., 2.], requires_grad=True)\na = (x * x).sum()\nb = x.sum()\n"
                "g = torch.autograd.grad([a, b], [x])\n")
    assert any("walks from several outputs at once" in c.value and "(line 5)" in c.value for c in at.caption)
    assert not [e for e in at.get("graphviz_chart") if e.proto.spec.startswith("digraph autograd")]
    assert at.selectbox(key="code_graph_of").options == ["torch.autograd.grad([a, b], [x]) (the last walk)", "a", "b"]
    at = pasted("import torch\nx = torch.tensor(1., requires_grad=True)\ny = x * 2\nwith torch.no_grad():\n"
                "    x += 1\ny.backward()\n")
    assert any("`x` was changed in place on line 5, after this walk's output was computed" in c.value
               for c in at.caption)  # fmt: skip
    assert "value = 2" in autograd_dot(at)
