"""A new visitor's first full render, against a bare Streamlit page, in the same run and browser.

    python -m benchmarks first-render [--visits 5] [--json PATH]

Each page is served by its own fresh `streamlit run` (headless, our .streamlit/config.toml) and
opened in Debian's Chromium with a new browser context per visit (no cache shared). A render is
full when the run has ended (`data-test-script-state='notRunning'`, nothing stale) and every chart
has drawn: the graph's SVG, and on our page the Plotly figure. The first screen is when the page's
first elements are painted (in the page: a MutationObserver notes when each appears, and the next
animation frame after it): on our page the formula box, PyTorch's printout and the graph; on the
bare pages their charts. A third page, the bare one plus one 3-point Plotly chart, measures in the
same run what Plotly's browser bundle alone costs. Measured:

- the first visit after the server started (cold: imports, first torch and SymPy work, the
  fork server), then the same after one visit without a browser (as `explorer serve` warms a
  process), and the median of `visits` further visits (warm);
- the server's CPU time per new session (user + system of the server and its children, from
  /proc, over 10 visits without a browser), so the browser's own work does not count.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, expect, sync_playwright

from explorer.ops.serve import ROOT, streamlit_process
from ui.visit import visit

from .procs import cpu_seconds

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
BARE = 'import streamlit as st\n\nst.graphviz_chart("digraph { a -> b -> c; a -> c }")\n'
PLOTLY = BARE + 'st.plotly_chart({"data": [{"type": "scatter", "x": [1, 2, 3], "y": [1, 4, 9]}], "layout": {}})\n'
GRAPH = "[data-testid='stGraphVizChart'] svg g.node"
FIRST_SCREEN = {"graph": GRAPH, "formula box": "[data-testid='stTextInput']", "printout": "[data-testid='stCode']"}
MARKS = """
window.__painted = {};
const wanted = WANTED;
new MutationObserver(() => {
  for (const [name, selector] of Object.entries(wanted)) {
    if (!(name in window.__painted) && document.querySelector(selector)) {
      window.__painted[name] = null;
      requestAnimationFrame(() => { window.__painted[name] = performance.now() / 1000; });
    }
  }
}).observe(document, {subtree: true, childList: true});
""".replace("WANTED", json.dumps(FIRST_SCREEN))


def _render(browser: Browser, url: str, plotly: bool) -> tuple[dict[str, float], float]:
    """Seconds from opening the page to each first-screen element's paint and to its full render, in a
    fresh browser context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(MARKS)
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(READY)
    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=120_000)
    page.wait_for_selector(GRAPH)
    if plotly:
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg")
    seconds = time.perf_counter() - start
    page.wait_for_function("Object.values(window.__painted).every(t => t !== null)")
    painted = page.evaluate("window.__painted")
    context.close()
    return painted, seconds


def measure(browser: Browser, script: Path, plotly: bool, visits: int) -> dict:
    with streamlit_process(script) as (_, url):
        _, cold = _render(browser, url, plotly)
    with streamlit_process(script) as (server, url):
        visit(url)  # one visit without a browser, as `explorer serve` does before anyone arrives
        _, warmed = _render(browser, url, plotly)
        renders = [_render(browser, url, plotly) for _ in range(visits)]
        first_screen = statistics.median(max(r[0].values()) for r in renders)
        elements = {name: statistics.median(r[0][name] for r in renders) for name in renders[0][0]}
        warm = statistics.median(r[1] for r in renders)
        before = cpu_seconds(server.pid)
        for _ in range(10):
            visit(url)
        per_session = (cpu_seconds(server.pid) - before) / 10
    return {"cold_first_s": cold, "first_after_warm_up_s": warmed, "first_screen_median_s": first_screen,
            "first_screen_elements_s": elements, "warm_median_s": warm,
            "server_cpu_per_session_s": per_session}  # fmt: skip


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks first-render", description=__doc__.splitlines()[0])
    p.add_argument("--visits", type=int, default=5)
    p.add_argument("--json", default=str(Path(__file__).with_name("first_render.json")))
    args = p.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bare-"))
    (folder / "bare.py").write_text(BARE)
    (folder / "bare_plotly.py").write_text(PLOTLY)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        bare = measure(browser, folder / "bare.py", False, args.visits)
        with_plotly = measure(browser, folder / "bare_plotly.py", True, args.visits)
        ours = measure(browser, ROOT / "app.py", True, args.visits)
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)
    rows = {"bare Streamlit page (one Graphviz chart)": bare, "bare page + one 3-point Plotly chart": with_plotly,
            "the formula page": ours}  # fmt: skip
    print("| page | first visit after start | after one warm-up visit | first screen (median) | full render (median) "
          "| server CPU per session |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['cold_first_s']:.1f} s | {r['first_after_warm_up_s']:.1f} s | "
              f"{r['first_screen_median_s']:.2f} s | {r['warm_median_s']:.2f} s "
              f"| {r['server_cpu_per_session_s']:.2f} s |")  # fmt: skip
    ratios = {"first_screen_vs_bare": ours["first_screen_median_s"] / bare["warm_median_s"],
              "warm_vs_bare": ours["warm_median_s"] / bare["warm_median_s"],
              "bare_plotly_vs_bare": with_plotly["warm_median_s"] / bare["warm_median_s"],
              "warm_vs_bare_plotly": ours["warm_median_s"] / with_plotly["warm_median_s"],
              "cold_vs_warm": ours["cold_first_s"] / ours["warm_median_s"],
              "warmed_up_vs_warm": ours["first_after_warm_up_s"] / ours["warm_median_s"]}  # fmt: skip
    print("each element of the formula page's first screen, painted at (median):",
          json.dumps({k: round(v, 2) for k, v in ours["first_screen_elements_s"].items()}))
    print(json.dumps({k: round(v, 2) for k, v in ratios.items()}))
    Path(args.json).write_text(json.dumps({"results": rows, "ratios": ratios}, indent=1) + "\n")
    print(f"written to {args.json}")
