"""What a person sees in a real browser: typed formulas, the drawn graph, the plot."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from .conftest import PLOT_COMING, READY, settle
from .widgets import set_number


def chart(page: Page, name: str):
    """The Graphviz chart whose DOT graph is called `name` (Graphviz writes it as the SVG's title)."""
    charts = page.locator("[data-testid='stGraphVizChart']")
    return charts.filter(has=page.locator("g.graph > title", has_text=name))


def graph_nodes(page: Page):
    return chart(page, "autograd").locator("svg g.node")


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
    nodes = graph_nodes(page)
    expect(nodes).to_have_count(6)  # y, Mul, Sub, Add, Pow and ONE AccumulateGrad for x
    labels = [" ".join(node.locator("text").all_text_contents()) for node in nodes.all()]
    for op in ("MulBackward0", "SubBackward0", "AddBackward0", "PowBackward0", "AccumulateGrad"):
        assert sum(op in label for label in labels) == 1, (op, labels)
    assert "x AccumulateGrad value = 2 .grad = 2 requires_grad=True" in labels  # at x=2: its value and .grad = 3x²-8x+6
    chart = page.locator("[data-testid='stPlotlyChart']")
    expect(chart).to_have_count(1)
    expect(chart.locator(".scatterlayer .trace")).to_have_count(5)  # f, f', two point markers, the tangent
    expect(chart.locator("path.js-line").first).to_be_visible()


def test_preset_button_fills_everything_in(page: Page) -> None:
    page.get_by_role("button", name="Example 6: (x+2y)²").click()
    expect(printout(page)).to_contain_text("z = tensor(25., grad_fn=<PowBackward0>)")
    expect(printout(page)).to_contain_text("x.grad = tensor(10.)")
    expect(printout(page)).to_contain_text("y.grad = tensor(20.)")
    expect(page.locator("[data-testid='stTextInput'] input")).to_have_value("(x+2*y)^2")
    expect(graph_nodes(page)).to_have_count(6)  # z, Pow, Add, Mul and an AccumulateGrad for x and y
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_a_mistake_shows_one_message_and_no_traceback(page: Page) -> None:
    type_formula(page, "sinx")
    alert = page.locator("[data-testid='stAlert']")
    expect(alert).to_contain_text("did you mean sin(x)?")
    expect(alert).to_have_count(1)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator("[data-testid='stTextInput'] input")).to_have_value("sinx")


def highlighted(page: Page) -> str:
    """The text of the node drawn as 'running now' (filled orange) in the backward graph."""
    node = graph_nodes(page).filter(has=page.locator("[fill='#fed7aa']"))
    expect(node).to_have_count(1)
    return " ".join(node.locator("text").all_text_contents())


def test_stepping_through_backward_moves_the_highlight(page: Page) -> None:
    page.get_by_role("button", name="Example 4: (x−4)(x²+6)").click()
    expect(printout(page)).to_contain_text("x.grad = tensor(6.)")
    page.get_by_text("Walk through backward() step by step").click()
    expect(page.get_by_text("Before the walk")).to_be_visible()
    settle(page)
    back = page.get_by_role("button", name="◀ back")
    expect(back).to_be_disabled()  # no step before the start
    expect(graph_nodes(page).filter(has=page.locator("[fill='#fed7aa']"))).to_have_count(0)

    seen = []
    for step in range(1, 6):
        page.get_by_role("button", name="next ▶").click()
        expect(page.get_by_text(f"Step {step} of 5")).to_be_visible()
        settle(page)  # the step's text can arrive while the previous step's graph is still drawn
        seen.append(highlighted(page).split(" ")[0])
    # PyTorch's engine order for (x-4)*(x^2+6): the product, then the x^2+6 branch, then x-4, then the leaf
    assert seen == ["MulBackward0", "AddBackward0", "PowBackward0", "SubBackward0", "x"]
    expect(page.get_by_role("button", name="next ▶")).to_be_disabled()  # no step past the end
    expect(page.get_by_text("x.grad = 6", exact=False).first).to_be_visible()

    type_formula(page, "x^2")  # a new formula starts the walk again
    expect(page.get_by_text("Before the walk")).to_be_visible()


SPUN = """() => {
  window.__spun = false;
  new MutationObserver(() => {
    if (document.querySelector(".st-key-dl_svg [data-testid='stSpinnerIcon']")) window.__spun = true;
  }).observe(document, {subtree: true, childList: true});
}"""


def test_svg_download_is_the_drawn_graph(page: Page) -> None:
    page.get_by_role("button", name="Example 6: (x+2y)²").click()
    expect(printout(page)).to_contain_text("y.grad = tensor(20.)")
    page.evaluate(SPUN)  # the SVG is made when asked for (up to 1.5 s cold): the button spins meanwhile
    with page.expect_download() as info:
        page.get_by_role("button", name="Download SVG").click()
    assert page.evaluate("window.__spun")
    download = info.value
    assert download.suggested_filename == "autograd.svg"
    text = download.path().read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    for label in ("PowBackward0", "AddBackward0", "MulBackward0", "AccumulateGrad", "grad = 20"):
        assert label in text
    with page.expect_download() as info:
        page.get_by_role("button", name="Download DOT").click()
    dot = info.value.path().read_text(encoding="utf-8")
    assert dot.startswith("digraph autograd {") and "PowBackward0" in dot


def test_two_variables_show_a_contour_map_with_arrows_and_slices(page: Page) -> None:
    type_formula(page, "x^2 + 3y")
    expect(printout(page)).to_contain_text("y.grad = tensor(3.)")
    charts = page.locator("[data-testid='stPlotlyChart']")
    expect(charts).to_have_count(2)  # the map and the slices
    expect(charts.first.locator(".contourlayer g.contour")).to_have_count(1)
    expect(charts.first.locator(".scatterlayer .trace")).to_have_count(2)  # the arrows and the point
    expect(charts.first.locator(".annotation-arrow-g path").first).to_be_attached()  # the gradient at the point
    expect(charts.nth(1).locator(".scatterlayer .trace")).to_have_count(4)  # two slices, two points
    page.get_by_text("curve in one variable").click()
    expect(charts).to_have_count(1)
    expect(charts.first.locator(".scatterlayer .trace")).to_have_count(5)


def test_the_largest_formula_draws_compactly(page: Page) -> None:
    type_formula(page, " + ".join(["2/x"] * 50))  # 199 parsed nodes: the limit is 200
    expect(printout(page)).to_contain_text("x.grad = tensor(-25.)")  # 50 * -2/x^2 at x = 2
    nodes = graph_nodes(page)
    expect(nodes).to_have_count(53)  # output, 49 Add, Mul × 50, Reciprocal × 50, x
    labels = [" ".join(node.locator("text").all_text_contents()) for node in nodes.all()]
    assert sum("× 50" in label for label in labels) == 2
    expect(chart(page, "expression").locator("svg g.node")).to_have_count(199)
    expect(page.get_by_text("identical branches are drawn once")).to_be_visible()


def test_the_lab_page_shows_the_loss_curve_and_keeps_the_formula(page: Page) -> None:
    type_formula(page, "x^3 + y")
    expect(printout(page)).to_contain_text("y.grad = tensor(1.)")
    page.get_by_role("link", name="Loss & optimizer lab").click()
    expect(printout(page)).to_contain_text("loss: tensor(1.3426, grad_fn=<MseLossBackward0>)")
    curve = page.locator("[data-testid='stPlotlyChart']").first
    expect(curve.locator(".scatterlayer .trace")).to_have_count(2)  # the loss and the gradient sizes
    expect(curve.locator(".scatterlayer .trace").first.locator(".point")).to_have_count(20)  # one per step
    expect(chart(page, "autograd").locator("svg g.node")).to_have_count(6)  # loss, MseLoss, Addmm, T, 2 leaves
    page.get_by_role("link", name="Formula explorer").click()
    expect(page.locator("[data-testid='stTextInput'] input")).to_have_value("x^3 + y")  # nothing lost


def test_the_page_stays_responsive_after_the_largest_graphs(page: Page) -> None:
    largest = ((" + ".join(["2/x"] * 50), "tensor(-25.)"), ("*".join(["x"] * 100), "tensor(6.3383e+31)"))  # x = 2
    for formula, grad in largest:
        type_formula(page, formula)
        expect(printout(page)).to_contain_text(f"x.grad = {grad}")
        expect(graph_nodes(page).first).to_be_visible()
    page.get_by_role("tab", name="Hessian").click()
    expect(page.get_by_text("too many to lay out")).to_be_visible()  # the gradient's 396-node graph is not drawn
    type_formula(page, "x^2")
    expect(printout(page)).to_contain_text("x.grad = tensor(4.)")


def test_a_new_visitor_sees_the_page_first_and_the_plot_comes_by_itself(browser: Browser, served_app: str) -> None:
    """The first run leaves the plot's place to a note (ui/first_paint.py); the browser's timer asks for
    one full run, which draws it, and that run ends the timer: no more fragment runs after it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.set_default_timeout(60_000)
    timer_runs: list[str] = []

    def sent(payload: str | bytes) -> None:
        message = BackMsg.FromString(payload if isinstance(payload, bytes) else payload.encode())
        if message.WhichOneof("type") == "rerun_script" and message.rerun_script.fragment_id:
            timer_runs.append(message.rerun_script.fragment_id)

    page.on("websocket", lambda socket: socket.on("framesent", sent))
    page.goto(served_app)
    page.wait_for_selector(READY)
    graph_nodes(page).first.wait_for()
    expect(printout(page)).to_contain_text("x.grad = tensor(6.1820)")  # the page is there: the tutorial's example 5
    expect(page.locator("[data-testid='stPlotlyChart'] .main-svg").first).to_be_visible()  # nobody clicked anything
    expect(page.get_by_text(PLOT_COMING)).to_have_count(0)
    settle(page)
    ticks = len(timer_runs)
    assert ticks >= 1  # the timer asked (a busy browser may tick once more before the full run ends it)
    set_number(page, "value:x", 3)  # a change, and its whole run: a timer left running would have fired again
    expect(printout(page)).to_contain_text("y = tensor(20.3923")
    settle(page)
    assert len(timer_runs) == ticks, timer_runs
    context.close()
