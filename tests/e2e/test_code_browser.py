"""The code page in a real browser: a pasted tutorial cell, its output and graph; hostile code refused."""

from __future__ import annotations

import pytest
import torch
from playwright.sync_api import Browser, Page, expect

from explorer.snippet import run
from explorer.snippet.catalog import EXAMPLES

from .conftest import READY, ServedApp, settle
from .widgets import keyed, location, new_url, pick_option

SOURCE = {e.file.removesuffix(".py"): e.source for e in EXAMPLES}


def open_code_page(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    page.wait_for_selector(READY)
    page.locator("[data-testid='stCode']").first.wait_for()
    settle(page)
    return page


def paste(page: Page, code: str) -> None:
    with new_url(page):
        box = page.locator(".st-key-code_source textarea")
        box.fill(code)
        box.press("Control+Enter")


def graph(page: Page):
    return page.locator("[data-testid='stGraphVizChart']").filter(has=page.locator("g.graph > title",
                                                                                   has_text="autograd"))  # fmt: skip


def test_a_pasted_tutorial_cell_prints_what_python_prints_and_draws_its_graph(browser: Browser,
                                                                              served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    paste(page, SOURCE["tutorial_example6"])
    output = page.locator("[data-testid='stCode']").first
    expect(output).to_have_text("tensor(10.)\ntensor(20.)")
    nodes = graph(page).locator("g.node")
    expect(nodes).to_have_count(6)  # z, Pow, Add, Mul, x and y
    labels = " | ".join(" ".join(n.locator("text").all_text_contents()) for n in nodes.all())
    assert "x AccumulateGrad value = 1 .grad = 10" in labels and "y AccumulateGrad value = 2 .grad = 20" in labels

    copied = location(page)
    page.context.close()
    again = open_code_page(browser, copied)  # the copied link: the same snippet, the same output
    expect(again.locator(".st-key-code_source textarea")).to_have_value(SOURCE["tutorial_example6"])
    expect(again.locator("[data-testid='stCode']").first).to_have_text("tensor(10.)\ntensor(20.)")
    again.context.close()


def test_hostile_code_gets_one_refusal_and_the_page_stays_alive(browser: Browser, served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    for hostile, says in (("().__class__.__bases__[0].__subclasses__()", "names starting with _"),
                          ("import os\nos.system('touch /tmp/x')", "import os is not available"),
                          ("x = 0\nfor i in range(10000):\n    for j in range(10000):\n        x = x + 1",
                           "loop iterations")):  # fmt: skip
        paste(page, hostile)
        alerts = page.locator("[data-testid='stAlert']")
        expect(alerts).to_have_count(1)
        expect(alerts.first).to_contain_text("This snippet is not run")
        expect(alerts.first).to_contain_text(says)
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
    paste(page, "print(6 * 7)")
    expect(page.locator("[data-testid='stCode']").first).to_have_text("42")
    page.context.close()


def test_a_broadcast_bias_shows_the_summed_edge_and_heatmaps_of_a_matrix_node(browser: Browser,
                                                                              served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    paste(page, SOURCE["broadcast_bias"])
    edges = graph(page).locator("g.edge")
    expect(edges.filter(has_text="summed over dim 0: (5, 2) → (2,)")).to_have_count(1)  # the edge into b
    pick_option(page, "code_node", "AddBackward0 (out)")  # not in the link: wait for what it draws
    chart = keyed(page, "code_heatmaps").locator(".js-plotly-plot")
    expect(chart.locator(".heatmaplayer .hm")).to_have_count(2)  # value and gradient, side by side
    settle(page)
    shown = chart.evaluate("gd => gd.data.map(t => [t.type, t.z.length, t.z[0].length, t.coloraxis])")
    assert shown == [["heatmap", 5, 2, "coloraxis"], ["heatmap", 5, 2, "coloraxis"]]  # out is (5, 2), one scale
    scale = chart.evaluate("gd => [gd.layout.coloraxis.cmin, gd.layout.coloraxis.cmid, gd.layout.coloraxis.cmax]")
    assert scale[1] == 0 and scale[0] == -scale[2] > -1e9  # centred at 0
    page.context.close()


def test_a_training_snippet_plots_its_loss_per_step(browser: Browser, served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    paste(page, SOURCE["mlp_adam"])
    charts = [keyed(page, f"code_training_chart{k}").locator(".js-plotly-plot") for k in range(3)]
    for chart in charts:  # loss, a parameter's path, |grad|: one figure each (on a phone they stack)
        expect(chart.locator(".scatterlayer .trace")).to_have_count(1)
    losses = charts[0].evaluate("gd => Array.from(gd.data[0].y)")
    expected = run(SOURCE["mlp_adam"]).losses  # the interpreter's own record of each backward()'s scalar
    assert len(losses) == 5 and losses == pytest.approx(expected, rel=1e-6)
    assert losses[-1] < losses[0]
    page.context.close()


def test_a_snippet_that_plots_with_plt_shows_its_figures_as_svg(browser: Browser, served_app: ServedApp) -> None:
    page = open_code_page(browser, f"{served_app}/code")
    paste(page, "import torch\nimport matplotlib.pyplot as plt\nx = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)\n"
                "y = torch.relu(x)\nplt.plot(x.detach(), y.detach())\nplt.title('relu')\nplt.show()\n"
                "fig, axs = plt.subplots(1, 2)\naxs[0].hist(torch.randn(200))\naxs[1].imshow(torch.rand(4, 5))\n")
    first, second = (keyed(page, f"code_plt_chart{k}").locator(".js-plotly-plot") for k in range(2))
    expect(first.locator(".scatterlayer .trace")).to_have_count(1)
    expect(second.locator(".heatmaplayer .hm")).to_have_count(1)
    settle(page)
    assert first.locator("canvas").count() == 0  # SVG: headless Chromium may have no WebGL
    xs = first.evaluate("gd => Array.from(gd.data[0].x)")
    assert xs == pytest.approx(torch.arange(-8.0, 8.0, 0.1).tolist())
    assert first.evaluate("gd => gd.layout.annotations[0].text") == "relu"
    assert second.evaluate("gd => gd.data.map(t => t.type)") == ["bar", "heatmap"]
    page.context.close()
