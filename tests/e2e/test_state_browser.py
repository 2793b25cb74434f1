"""What a person sees stay put in a real browser: an opened expander, the SVG's numbers, a phone's view."""

from __future__ import annotations

import html
import re

from playwright.sync_api import Browser, Page, expect

from .conftest import READY, ServedApp, settle
from .widgets import is_open, keyed, new_url, toggle_expander


def type_formula(page: Page, text: str) -> None:
    with new_url(page):
        box = page.locator(".st-key-formula input")
        box.fill(text)
        box.press("Enter")


def test_an_opened_code_expander_stays_open(page: Page) -> None:
    toggle_expander(page, "code_expander")
    code = keyed(page, "code_expander").locator("[data-testid='stCode']")
    expect(code).to_contain_text("y = (torch.sqrt(x) + 1) ** 3")
    type_formula(page, "log(x)")
    assert is_open(page, "code_expander")
    expect(code).to_contain_text("y = torch.log(x)")
    with new_url(page):
        box = keyed(page, "value:x").locator("input")
        box.fill("-1")
        box.press("Enter")
    expect(page.locator("[data-testid='stAlert']").first).to_contain_text("nan")  # warnings above the expander
    assert is_open(page, "code_expander")
    with new_url(page):
        page.get_by_role("button", name="Example 4: (x−4)(x²+6)").click()
    assert is_open(page, "code_expander")
    expect(code).to_contain_text("y = (x - 4) * (x ** 2 + 6)")
    type_formula(page, "x^")  # a typo hides the expander for one run
    type_formula(page, "x^3")
    assert is_open(page, "code_expander")
    expect(code).to_contain_text("y = x ** 3")


def test_the_svg_download_carries_the_edge_gradients_the_page_shows(page: Page) -> None:
    with new_url(page):
        page.get_by_role("button", name="Example 4: (x−4)(x²+6)").click()
    graph = page.locator("[data-testid='stGraphVizChart']").filter(has=page.locator("g.graph > title",
                                                                                     has_text="autograd"))  # fmt: skip
    shown = sorted(" ".join(e.locator("text").all_text_contents()) for e in graph.locator("g.edge").all())
    with page.expect_download() as info:
        page.get_by_role("button", name="Download SVG").click()
    svg = info.value.path().read_text(encoding="utf-8")
    edges = re.findall(r'<g id="edge\d+" class="edge">(.*?)</g>', svg, flags=re.S)
    exported = sorted(" ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", e)) for e in edges)
    assert exported == shown == sorted(["1", "6", "-4", "6", "-4", "-0"])  # what each edge carried, at x = 0
    assert "outputn0->" not in svg and "&lt;table" not in svg


def test_a_phone_sized_window_shows_the_examples_and_the_printout(browser: Browser, served_app: ServedApp) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(served_app)
    page.wait_for_selector(READY)
    settle(page)
    printout = page.locator("[data-testid='stCode']").first
    expect(printout).to_contain_text("y = tensor(14.0711, grad_fn=<PowBackward0>)")  # 43 characters: too wide here
    box = printout.locator("pre").first
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # the line wraps instead of running off
    assert printout.bounding_box()["width"] <= 390
    example = page.get_by_role("button", name="Example 6: (x+2y)²")
    expect(example).to_be_visible()  # on the page itself, not in the collapsed sidebar
    example.click()
    expect(printout).to_contain_text("z = tensor(25., grad_fn=<PowBackward0>)")
    context.close()
