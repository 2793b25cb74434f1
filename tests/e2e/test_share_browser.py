"""Share links in a real browser: a crafted URL opens its state; a copied URL reopens the same view."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect

from .conftest import READY, ServedApp


def open_fresh(browser: Browser, url: str) -> Page:
    """A new browser context (no cookies, no session): as if the link were opened elsewhere."""
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector(READY)
    return page


def test_a_crafted_link_opens_its_state_and_a_copied_link_reopens_it(browser: Browser, served_app: ServedApp) -> None:
    link = f"{served_app}/?formula={quote('(x+2y)^2')}&x=1&y=2&y.grad=0&dtype=float64&view=curve"
    page = open_fresh(browser, link)
    code = page.locator("[data-testid='stCode']").first
    expect(code).to_contain_text("z = tensor(25., dtype=torch.float64, grad_fn=<PowBackward0>)")
    expect(code).to_contain_text("y.grad = None")
    expect(page.get_by_text("curve in one variable")).to_be_visible()

    page.get_by_text("requires_grad").nth(1).click()  # y's switch: on
    expect(code).to_contain_text("y.grad = tensor(20., dtype=torch.float64)")
    expect(page).not_to_have_url(re.compile(r"y\.grad=0"))  # the URL follows the page
    copied = page.url
    page.context.close()

    again = open_fresh(browser, copied)
    code = again.locator("[data-testid='stCode']").first
    expect(code).to_contain_text("z = tensor(25., dtype=torch.float64, grad_fn=<PowBackward0>)")
    expect(code).to_contain_text("y.grad = tensor(20., dtype=torch.float64)")
    expect(again.locator("[data-testid='stTextInput'] input")).to_have_value("(x+2y)^2")
    again.context.close()


def test_a_hostile_link_gets_the_same_clear_errors(browser: Browser, served_app: ServedApp) -> None:
    link = f"{served_app}/?formula={quote('<img src=x onerror=window.__xss=1>')}&x=abc&dtype=float16"
    page = open_fresh(browser, link)
    alerts = page.locator("[data-testid='stAlert']")
    expect(alerts.filter(has_text="Cannot read this formula")).to_have_count(1)
    expect(alerts.filter(has_text="was not used")).to_have_count(2)  # x and dtype, named
    assert page.evaluate("window.__xss") is None
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
    page.context.close()
