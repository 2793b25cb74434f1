"""What a hostile or crowded page must never show: injected markup, or one user's results in another's."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import READY, ServedApp, settle

INJECTIONS = [
    "<img src=x onerror=window.__xss=1>",
    "<script>window.__xss=1</script>",
    "[x](javascript:window.__xss=1)",
    "x]; y [shape=box",
    'x" -> "y',
    "**bold** and # heading",
    "\\href{javascript:window.__xss=1}{x}",
    "$\\textcolor{red}{x}$",
    "<a href=javascript:window.__xss=1>x</a>",
]


def submit(page: Page, text: str) -> None:
    box = page.locator("[data-testid='stTextInput'] input")
    box.fill(text)
    box.press("Enter")


@pytest.mark.parametrize("text", INJECTIONS)
def test_injected_text_is_shown_as_text_never_as_markup(page: Page, text: str) -> None:
    submit(page, text)
    alert = page.locator("[data-testid='stAlert']")
    expect(alert).to_have_count(1)  # the app's own answer: one message
    expect(page.locator("[data-testid='stCode']").first).to_contain_text(text)  # echoed verbatim, as code
    settle(page)  # the previous formula's elements (its LaTeX too) linger until this run ends
    assert page.evaluate("window.__xss") is None  # no injected script or handler ran
    main = page.locator("[data-testid='stMain']")
    assert main.locator("img[src='x'], script, iframe").count() == 0
    assert main.locator("a[href^='javascript']").count() == 0
    assert main.locator("strong", has_text="bold").count() == 0
    assert main.locator("h1", has_text="heading").count() == 0
    assert main.locator(".katex").count() == 0  # no LaTeX from the input: nothing was parsed
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


FORMULAS = [(f"x^{k}", k * 2 ** (k - 1)) for k in range(2, 10)]  # at x = 2: d/dx x^k = k 2^(k-1)


def test_eight_sessions_at_once_each_see_their_own_results(browser: Browser, served_app: ServedApp) -> None:
    contexts = [browser.new_context(viewport={"width": 1200, "height": 1400}) for _ in FORMULAS]
    pages = [context.new_page() for context in contexts]
    try:
        for page in pages:
            page.set_default_timeout(90_000)
            page.goto(served_app)
        for page in pages:
            page.wait_for_selector(READY)
            page.locator("[data-testid='stGraphVizChart'] svg g.node").first.wait_for()
        for page, (formula, _) in zip(pages, FORMULAS, strict=True):  # all eight typed before any is checked
            submit(page, formula)
        for page, (formula, grad) in zip(pages, FORMULAS, strict=True):
            code = page.locator("[data-testid='stCode']").first
            expect(code).to_contain_text(f"x.grad = tensor({grad}.)")
            expect(page.locator("[data-testid='stTextInput'] input")).to_have_value(formula)
            graph = page.locator("[data-testid='stGraphVizChart']").filter(
                has=page.locator("g.graph > title", has_text="autograd")
            )
            expect(graph.locator("svg g.node")).to_have_count(3)  # y, PowBackward0, x
            expect(graph.locator("svg g.node", has_text=f".grad = {grad}")).to_have_count(1)
        rss = _rss_mb(served_app.pid)
        print(f"\nserver memory with {len(pages)} sessions open: {rss:.0f} MB resident")
        assert rss > 0
    finally:
        for context in contexts:
            context.close()


def _rss_mb(pid: int) -> float:
    """Resident memory of the server process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
