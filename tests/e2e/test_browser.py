"""What a person sees in a real browser: typed formulas, the drawn graph, the plot."""

from __future__ import annotations

from playwright.sync_api import Page, expect

GRAPH_NODES = "[data-testid='stGraphVizChart'] svg g.node"


def type_formula(page: Page, text: str) -> None:
    box = page.locator("[data-testid='stTextInput'] input")
    box.fill(text)
    box.press("Enter")


def printout(page: Page):
    return page.locator("[data-testid='stCode']").first


def test_typed_formula_shows_values_graph_and_plot(page: Page) -> None:
    type_formula(page, "(x-4)(x^2+6)")
    # the app's own signal that the new run is done: the printout of the new formula
    expect(printout(page)).to_contain_text("grad_fn=<MulBackward0>")
    nodes = page.locator(GRAPH_NODES)
    expect(nodes).to_have_count(6)  # y, Mul, Sub, Add, Pow and ONE AccumulateGrad for x
    labels = [" ".join(node.locator("text").all_text_contents()) for node in nodes.all()]
    for op in ("MulBackward0", "SubBackward0", "AddBackward0", "PowBackward0", "AccumulateGrad"):
        assert sum(op in label for label in labels) == 1, (op, labels)
    assert "x AccumulateGrad" in labels
    chart = page.locator("[data-testid='stPlotlyChart']")
    expect(chart).to_have_count(1)
    expect(chart.locator(".scatterlayer .trace")).to_have_count(4)  # f, f' and the two point markers
    expect(chart.locator("path.js-line").first).to_be_visible()


def test_preset_button_fills_everything_in(page: Page) -> None:
    page.get_by_role("button", name="Example 6: (x+2y)²").click()
    expect(printout(page)).to_contain_text("z = tensor(25., grad_fn=<PowBackward0>)")
    expect(printout(page)).to_contain_text("x.grad = tensor(10.)")
    expect(printout(page)).to_contain_text("y.grad = tensor(20.)")
    expect(page.locator("[data-testid='stTextInput'] input")).to_have_value("(x+2*y)^2")
    expect(page.locator(GRAPH_NODES)).to_have_count(6)  # z, Pow, Add, Mul and an AccumulateGrad for x and y
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_a_mistake_shows_one_message_and_no_traceback(page: Page) -> None:
    type_formula(page, "sinx")
    alert = page.locator("[data-testid='stAlert']")
    expect(alert).to_contain_text("did you mean sin(x)?")
    expect(alert).to_have_count(1)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator("[data-testid='stTextInput'] input")).to_have_value("sinx")
