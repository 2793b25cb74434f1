"""The language in a real browser: a link with lang=ja opens in Japanese; the sidebar switches back."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from .conftest import READY, ServedApp


def test_a_japanese_link_opens_in_japanese_and_the_sidebar_switches_back(
    browser: Browser, served_app: ServedApp
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1600})  # a fresh session
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(served_app + "?lang=ja")
        page.wait_for_selector(READY)
        main = page.locator("[data-testid='stMain']")
        printout = page.locator("[data-testid='stCode']").first
        expect(main.locator("h1")).to_contain_text("自動微分を見る")
        expect(main.get_by_role("heading", name="PyTorch の出力")).to_be_visible()
        expect(main.get_by_role("heading", name="記号微分（SymPy）")).to_be_visible()
        expect(printout).to_contain_text("x.grad = tensor(6.1820)")  # PyTorch's text, in any language
        expect(page.get_by_role("link", name="損失とオプティマイザの実験")).to_be_visible()
        expect(page).to_have_url(re.compile(r"[?&]lang=ja"))  # the link the page writes keeps the language

        box = page.locator("[data-testid='stTextInput'] input")
        box.fill("sinx")
        box.press("Enter")
        expect(page.locator("[data-testid='stAlert']")).to_contain_text("sin(x) のことですか？")

        page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
        expect(main.locator("h1")).to_have_text("∂ autodiff-explorer")
        expect(page.locator("[data-testid='stAlert']")).to_contain_text("did you mean sin(x)?")
        box.fill("x^2")
        box.press("Enter")
        expect(main.get_by_role("heading", name="What PyTorch prints")).to_be_visible()
        expect(printout).to_contain_text("x.grad = tensor(4.)")
        expect(page.get_by_role("link", name="Loss & optimizer lab")).to_be_visible()
        expect(page).not_to_have_url(re.compile(r"lang="))  # English is the default, left out of the link
    finally:
        context.close()
