"""Share links in a real browser: every setting a user makes on either page is in the link, and the
link opened in a fresh browser shows the same page; a hostile link gets the same clear errors."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit

from playwright.sync_api import Browser, Page, expect

from .conftest import READY, ServedApp, settle
from .widgets import (
    choose,
    chosen,
    is_on,
    is_open,
    keyed,
    location,
    new_url,
    number_value,
    open_tab,
    pick_radio,
    press,
    set_number,
    set_toggle,
    toggle_expander,
)


def open_fresh(browser: Browser, url: str) -> Page:
    """A new browser context (no cookies, no session): as if the link were opened elsewhere."""
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector(READY)
    settle(page)
    return page


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_every_setting_of_the_formula_page_is_in_the_copied_link(browser: Browser, served_app: ServedApp) -> None:
    page = open_fresh(browser, served_app)
    page.locator("[data-testid='stCode']").first.wait_for()
    with new_url(page):
        box = page.locator(".st-key-formula input")
        box.fill("w*x + b")
        box.press("Enter")
    for key, value in (("value:w", 2), ("value:x", 1.5), ("value:b", -3)):
        set_number(page, key, value)
    set_toggle(page, "grad:w")  # off
    pick_radio(page, "dtype", "float64")
    toggle_expander(page, "code_expander")
    set_toggle(page, "numbers")  # off
    set_toggle(page, "saved")
    toggle_expander(page, "legend_expander")
    set_toggle(page, "walk")
    press(page, "next ▶")
    press(page, "next ▶")
    choose(page, "map_x", "x")
    choose(page, "map_y", "b")
    set_number(page, "lo:b", -5)
    set_number(page, "hi:b", 0.5)
    set_toggle(page, "three_d")
    pick_radio(page, "plot_kind", "curve in one variable")
    choose(page, "plot_var", "b")
    set_toggle(page, "second")
    open_tab(page, "Forward vs reverse mode")
    set_number(page, "dir:x", -1)
    open_tab(page, "Hessian")
    choose(page, "hess_var", "b")
    open_tab(page, "Backward again")
    press(page, "backward() again")
    press(page, "backward() again")
    with new_url(page):
        page.get_by_text("日本語").click()
    copied = location(page)
    link = query(copied)
    assert {k: link[k] for k in ("formula", "dtype", "w", "w.grad", "step", "across", "up", "b.from", "b.to")} == {
        "formula": "w*x + b", "dtype": "float64", "w": "2.0", "w.grad": "0", "step": "2", "across": "x", "up": "b",
        "b.from": "-5.0", "b.to": "0.5"}  # fmt: skip
    view = {"script": "1", "numbers": "0", "saved": "1", "legend": "1", "walk": "1", "3d": "1", "second": "1",
            "view": "curve", "along": "b", "x.dir": "-1.0", "hessian": "b", "tab": "again", "calls": "3", "lang": "ja"}
    assert {k: link[k] for k in view} == view
    page.context.close()

    again = open_fresh(browser, copied)
    expect(again.locator(".st-key-formula input")).to_have_value("w*x + b")
    assert query(location(again)) == link  # the reopened page writes the very same link
    assert (number_value(again, "value:w"), number_value(again, "value:x"), number_value(again, "value:b")) == (
        "2", "1.5", "-3")  # fmt: skip
    assert not is_on(again, "grad:w") and is_on(again, "grad:x") and not is_on(again, "numbers")
    assert is_on(again, "saved") and is_on(again, "walk") and is_on(again, "second")
    assert is_open(again, "code_expander") and is_open(again, "legend_expander")
    assert chosen(again, "plot_var") == "b"
    assert keyed(again, "step").locator("input[type=range]").input_value() == "2"
    expect(again.get_by_role("tab", name="もう一度 backward")).to_have_attribute("aria-selected", "true")
    expect(again.locator("[data-testid='stCode']", has_text="range(1, 4)")).to_have_count(1)  # three calls
    expect(again.locator("[data-testid='stCode']").first).to_contain_text("dtype=torch.float64")
    again.context.close()


def test_every_setting_of_the_lab_is_in_the_copied_link(browser: Browser, served_app: ServedApp) -> None:
    page = open_fresh(browser, f"{served_app}/lab")
    page.locator("[data-testid='stCode']").first.wait_for()
    for key, value in (("lab_seed", 3), ("lab_batch", 8), ("lab_inputs", 1), ("lab_outputs", 1), ("lab_lr", 0.05),
                       ("lab_steps", 30)):  # fmt: skip
        set_number(page, key, value)
    choose(page, "lab_optimizer", "Adam")
    set_toggle(page, "lab_forget")
    set_toggle(page, "lab_freeze")
    choose(page, "lab_node", "AddmmBackward0")
    with new_url(page):
        page.get_by_text("日本語").click()
    copied = location(page)
    assert urlsplit(copied).path == "/lab"
    assert query(copied) == {"lang": "ja", "seed": "3.0", "batch": "8.0", "inputs": "1.0", "outputs": "1.0",
                             "lr": "0.05", "optimizer": "adam", "steps": "30.0", "forget": "1", "freeze": "1",
                             "node": "AddmmBackward0"}  # fmt: skip
    printed = page.locator("[data-testid='stCode']").first.inner_text()
    page.context.close()

    again = open_fresh(browser, copied)
    expect(again.locator("[data-testid='stCode']").first).to_have_text(printed)  # the same run, line for line
    assert query(location(again)) == query(copied)
    assert number_value(again, "lab_seed") == "3" and number_value(again, "lab_lr") == "0.05"
    assert chosen(again, "lab_optimizer") == "Adam" and chosen(again, "lab_node") == "AddmmBackward0"
    assert is_on(again, "lab_forget") and is_on(again, "lab_freeze")
    expect(again.get_by_role("heading", name="損失とオプティマイザの実験")).to_be_visible()
    again.context.close()


def test_a_hostile_link_gets_the_same_clear_errors(browser: Browser, served_app: ServedApp) -> None:
    link = f"{served_app}/?formula={quote('<img src=x onerror=window.__xss=1>')}&x=abc&dtype=float16"
    page = open_fresh(browser, link)
    alerts = page.locator("[data-testid='stAlert']")
    expect(alerts.filter(has_text="Cannot read this formula")).to_have_count(1)
    expect(alerts.filter(has_text="was not used")).to_have_count(2)  # x and dtype, named
    expect(alerts.filter(has_text="'abc' is not a number")).to_have_count(1)
    assert page.evaluate("window.__xss") is None
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
    page.context.close()
