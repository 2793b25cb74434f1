"""The code page through AppTest: examples, output, PyTorch's errors with notes, the graph with names, links."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from explorer.share import pack
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
    assert at.selectbox(key="code_graph_of").value == "loss"
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


def test_any_named_tensor_can_be_drawn() -> None:
    at = code_page()
    at.selectbox(key="code_graph_of").set_value("pred").run()
    assert any("The graph behind `pred`" in c.value for c in at.caption)
    assert autograd_dot(at).count("AccumulateGrad") == 2 and "MseLoss" not in autograd_dot(at)


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
