"""A served app and a real browser: `streamlit run` on a free port, Debian's Chromium via Playwright."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from explorer.i18n import t
from explorer.ops.serve import free_port, healthy

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
PLOT_COMING = t("plot.coming", "en")  # the plot's place in a session's first run
STALE = "[data-stale='true']"  # elements of the previous run that Streamlit keeps until the new run ends


def settle(page: Page) -> None:
    """Wait until the run that produced what the caller just saw has ended and its leftovers are gone.

    Call it after waiting for something only the new run shows: until then the page may still be
    the old, finished one, which would pass both checks at once.
    """
    page.wait_for_selector(READY)
    expect(page.locator(STALE)).to_have_count(0)


class ServedApp(str):
    """The app's URL, which also knows the server's process id."""

    pid: int


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    """The app as a user gets it from the README's command, on a free loopback port."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with open(log, "w") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = ServedApp(f"http://127.0.0.1:{port}")
    url.pid = server.pid
    deadline = time.monotonic() + 90
    while not healthy(url, seconds=1.0):  # the server's own readiness endpoint, polled (explorer/ops/serve.py)
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"streamlit did not start:\n{log.read_text()}")
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: run scripts/test.sh (it installs it with apt-get)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, served_app: str) -> Iterator[Page]:
    """A fresh browser context (its own Streamlit session) with the first run finished."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(served_app)
    page.wait_for_selector(READY)
    page.locator("[data-testid='stGraphVizChart'] svg g.node").first.wait_for()
    expect(page.get_by_text(PLOT_COMING)).to_have_count(0)  # the run the browser's timer asks for (ui/first_paint.py)
    settle(page)
    yield page
    context.close()
