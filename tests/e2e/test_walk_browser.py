"""The code page in a real browser, in the states a drawing used to get wrong (issue #20): an unnamed loss,
.grad piled up by earlier calls, a walk that raised, and a graph no walk went through."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from explorer.share.setting import pack
from explorer.snippet.catalog import EXAMPLES

from .conftest import ServedApp, settle
from .test_code_browser import graph, open_code_page, paste
from .widgets import changed, choose, keyed, set_toggle

SOURCE = {e.file.removesuffix(".py"): e.source for e in EXAMPLES}


def node_texts(page) -> list[str]:
    return [" ".join(n.locator("text").all_text_contents()) for n in graph(page).locator("g.node").all()]


def test_an_unnamed_loss_draws_its_walk_and_y_its_part(browser: Browser, served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    paste(page, "import torch\nx = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x*x + x[0]*x\n"
                "y.sum().backward()\nprint(x.grad)\n")  # fmt: skip
    expect(page.get_by_text("The walk of the last y.sum().backward() (line 4)", exact=False)).to_be_visible()
    texts = node_texts(page)
    assert "y.sum() grad = 1" in texts and any("x AccumulateGrad (3,) value = [1, 2, 3] .grad = [9, 5, 7]" in t
                                               for t in texts)  # fmt: skip
    edges = graph(page).locator("g.edge")
    expect(edges.filter(has_text="[1, 2, 3]")).to_have_count(2)  # x*x: both edges, each carrying g·x
    choose(page, "code_graph_of", "y")
    expect(page.get_by_text("below y: it starts from the gradient that reached y", exact=False)).to_be_visible()
    assert "y grad = [1, 1, 1]" in node_texts(page)
    page.context.close()


def test_piled_up_grad_is_drawn_before_and_after(browser: Browser, served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    paste(page, "import torch\nw = torch.tensor(1.0, requires_grad=True)\nfor step in range(3):\n"
                "    loss = (3*w - 2)**2\n    loss.backward()\n")  # fmt: skip
    assert any(".grad 12 → 18" in t for t in node_texts(page))
    expect(page.get_by_text("w.grad already held 12 when this walk began", exact=False)).to_be_visible()
    set_toggle(page, "code_walk")
    expect(page.get_by_text("Running .grad of each leaf: w.grad = 12", exact=False)).to_be_visible()
    page.context.close()


def test_a_walk_that_raised_shows_where_and_the_grad_pytorch_holds(browser: Browser, served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    changed(page, lambda: keyed(page, "code_example:backward_twice.py").locator("button").click())
    texts = node_texts(page)
    assert any(t.startswith("RuntimeError: Trying to backward through the") for t in texts)
    assert any("x AccumulateGrad value = 2 .grad = 12" in t for t in texts)
    failed = graph(page).locator("g.node").filter(has_text="PowBackward0").locator("path, polygon").first
    assert failed.get_attribute("fill") == "#fee2e2"
    page.context.close()


def test_no_walk_draws_no_gradient(browser: Browser, served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    paste(page, "import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x ** 3\n")
    expect(graph(page).locator("g.node")).to_have_count(3)
    texts = node_texts(page)
    assert texts[0] == "y" and not any(" grad " in f" {t} " for t in texts)
    expect(graph(page).locator("g.edge text")).to_have_count(0)  # no number on any edge
    expect(keyed(page, "code_node")).to_be_visible()
    expect(page.get_by_text("none: no backward() went through this graph")).to_be_visible()
    page.context.close()


def test_on_a_phone_the_tensor_table_fits_and_the_training_plots_stack(browser: Browser,
                                                                       served_app: ServedApp) -> None:
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{served_app}/code?code={pack(SOURCE['mlp_adam'])}")
    page.locator(".st-key-code_training_chart2 .js-plotly-plot").wait_for()
    settle(page)
    widths = page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller'))"
                           ".map(e => [e.scrollWidth, e.clientWidth])")  # fmt: skip
    assert widths and all(scroll <= client for scroll, client in widths)  # every column on screen
    boxes = [keyed(page, f"code_training_chart{k}").bounding_box() for k in range(3)]
    assert all(b["width"] <= 390 for b in boxes)
    stacked = zip(boxes, boxes[1:], strict=False)
    assert all(upper["y"] + upper["height"] <= lower["y"] for upper, lower in stacked)
    page.context.close()
