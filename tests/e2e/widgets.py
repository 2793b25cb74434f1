"""Driving Streamlit widgets by their keys (Streamlit gives each keyed widget the class `st-key-KEY`).

Every setting of the pages is in the URL, so a change is done when the URL has changed and the
run that changed it has ended: no sleeps, and no guessing whether a rerun has started."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import settle


def keyed(page: Page, key: str) -> Locator:
    return page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}")


def location(page: Page) -> str:
    """The address bar as the page has it. (Playwright's page.url can lag one history.replaceState behind.)"""
    return page.evaluate("location.href")


@contextmanager
def new_url(page: Page) -> Iterator[None]:
    """Wait, after the block's action, for the page to write a new link, then for its run to end."""
    before = location(page)
    yield
    page.wait_for_function("(before) => location.href !== before", arg=before)
    settle(page)


def changed(page: Page, action: Callable[[], None]) -> None:
    with new_url(page):
        action()


def set_number(page: Page, key: str, value: float) -> None:
    box = keyed(page, key).locator("input")
    changed(page, lambda: (box.fill(str(value)), box.press("Enter")))


def set_toggle(page: Page, key: str) -> None:
    changed(page, lambda: keyed(page, key).locator("label").first.click())


def pick_option(page: Page, key: str, option: str) -> None:
    """Open the keyed selectbox and click the option (without waiting for anything it changes)."""
    listed = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # a click while the page is still laying out can leave the list closed
        keyed(page, key).get_by_role("button", name="Open").click()
        try:
            listed.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    listed.click()


def choose(page: Page, key: str, option: str) -> None:
    changed(page, lambda: pick_option(page, key, option))


def pick_radio(page: Page, key: str, label: str) -> None:
    changed(page, lambda: keyed(page, key).get_by_text(label, exact=True).click())


def toggle_expander(page: Page, key: str) -> None:
    changed(page, lambda: keyed(page, key).locator("summary").click())


def press(page: Page, name: str) -> None:
    changed(page, lambda: page.get_by_role("button", name=name, exact=True).click())


def open_tab(page: Page, name: str) -> None:
    changed(page, lambda: page.get_by_role("tab", name=name).click())


def number_value(page: Page, key: str) -> str:
    return keyed(page, key).locator("input").input_value()


def is_on(page: Page, key: str) -> bool:
    return keyed(page, key).locator("input[type='checkbox']").is_checked()


def chosen(page: Page, key: str) -> str:
    return keyed(page, key).get_by_role("combobox").input_value()


def is_open(page: Page, key: str) -> bool:
    return keyed(page, key).locator("details").get_attribute("open") is not None
