"""Side-by-side timings, measured in one run: `python -m benchmarks [--quick] [--json PATH]`, and
`python -m benchmarks classroom ...` (benchmarks/classroom.py: many sessions at once, served) and
`python -m benchmarks first-render ...` (benchmarks/first_render.py: a new visitor, in Chromium).

These machines are noisy, so every comparison is a ratio of two timings taken in the same
run, each the median of several repeats. Nothing here asserts a time; it prints a table and
writes the figures as JSON (benchmarks/results.json by default).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import sympy as sp
import torch

from explorer.draw.dot import to_dot
from explorer.draw.tree import expression_dot
from explorer.formula.expression import expression
from explorer.formula.forward import forward, run, trace
from explorer.formula.grids import _grad, _on_grid, curve, surface
from explorer.formula.parser import parse
from explorer.formula.presets import PRESETS
from explorer.formula.symbolic import symbol, to_sympy
from explorer.formula.tree import Formula

ROOT = Path(__file__).resolve().parents[1]
CURVE_FORMULAS = ["(sqrt(x)+1)^3", "sin(x) exp(-x^2/4) + x^3"]
LARGEST = {"2/x + 2/x + ... (50 terms)": " + ".join(["2/x"] * 50), "x*x*...*x (100 factors)": "*".join(["x"] * 100)}


def timed(repeats: int, fn: Callable[..., object], *args: object) -> float:
    """Median wall time of fn(*args) in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _batched_curve(formula: Formula, n: int) -> None:
    curve(formula, "x", {"x": 1.0}, 0.5, 4.0, "float32", points=n)


def _per_point(formula: Formula, xs: list[float]) -> None:
    for x in xs:
        run(formula, {"x": x})


def grid_versus_loop(n: int, repeats: int) -> list[dict]:
    """1. f' on n points: one batched backward against one backward() per point."""
    rows = []
    for text in CURVE_FORMULAS:
        formula = parse(text)
        xs = np.linspace(0.5, 4.0, n).tolist()
        ours, theirs = timed(repeats, _batched_curve, formula, n), timed(1, _per_point, formula, xs)
        rows.append({"formula": text, "n": n, "batched_s": ours, "per_point_loop_s": theirs, "ratio": theirs / ours})
    return rows


def _torch_f_and_df(formula: Formula, grid_values: torch.Tensor, dtype: str) -> None:
    grid = grid_values.clone().requires_grad_(True)
    _grad(_on_grid(formula, {"x": grid}, {}, dtype), [grid])


def _numpy_f_and_df(f_np: Callable, df_np: Callable, points: np.ndarray) -> None:
    f_np(points)
    df_np(points)


def versus_numpy(n: int, repeats: int) -> list[dict]:
    """2. f and f' on n points: our torch path against NumPy evaluating SymPy's derivative.

    The reference uses `lambdify` on formulas written here (never on user input): the fastest
    plain-CPU way to evaluate a symbolic derivative."""
    rows = []
    x = symbol("x")
    for text in CURVE_FORMULAS:
        formula = parse(text)
        expr = to_sympy(formula)
        f_np = sp.lambdify(x, expr, "numpy")
        df_np = sp.lambdify(x, sp.diff(expr, x), "numpy")
        points = np.linspace(0.5, 4.0, n)
        for dtype in ("float32", "float64"):
            grid_values = torch.tensor(points, dtype=getattr(torch, dtype))
            mine = timed(repeats, _torch_f_and_df, formula, grid_values, dtype)
            ref = timed(repeats, _numpy_f_and_df, f_np, df_np, points.astype(dtype))
            rows.append({"formula": text, "n": n, "dtype": dtype, "torch_s": mine, "numpy_sympy_s": ref,
                         "ratio_ours_over_numpy": mine / ref})  # fmt: skip
    return rows


def app_reruns(reruns: int) -> list[dict]:
    """3. The whole app.py run by AppTest: warm reruns after moving the point. Two times each: the
    script's own (app.py's `main()`, timed around the call), and `at.run()` as a whole, which adds
    AppTest's bookkeeping (compiling the page files again, rebuilding its element tree: ~10 ms)."""
    from streamlit.testing.v1 import AppTest

    import ui.main

    script: list[float] = []
    page_main = ui.main.main

    def timed_main() -> None:  # app.py runs `from ui.main import main; main()`: it picks this up
        start = time.perf_counter()
        try:
            page_main()
        finally:
            script.append((time.perf_counter() - start) * 1000)

    ui.main.main = timed_main
    cases = [(p.label, p.formula) for p in PRESETS] + [("2-variable map: sin(x) cos(y)", "sin(x) cos(y)")]
    rows = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    for label, text in cases:
        at.text_input(key="formula").input(text).run()
        name = parse(text).variables[0]
        at.run()  # warm: the symbolic side is cached from here on
        times = []
        script.clear()
        for i in range(reruns):
            box = at.number_input(key=f"value:{name}")
            start = time.perf_counter()
            box.set_value(1.0 + 0.01 * (i + 1)).run()
            times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
        assert len(script) == reruns, "app.py did not run through the timed main()"
        rows.append({"case": label, "formula": text, "reruns": reruns,
                     "script_median_ms": statistics.median(script), "script_p95_ms": _p95(script),
                     "median_ms": statistics.median(times), "p95_ms": _p95(times)})  # fmt: skip
    ui.main.main = page_main
    return rows


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _build_trace_draw(formula: Formula) -> None:
    computation = forward(formula, {"x": 1.01})
    _, graph = trace(computation)
    to_dot(graph)
    expression_dot(expression(formula, computation.values))


def largest_graphs(repeats: int) -> list[dict]:
    """4. Forward, watched backward and both drawings for the largest formulas the limits allow."""
    rows = []
    for label, text in LARGEST.items():
        formula = parse(text)
        _, graph = trace(forward(formula, {"x": 1.01}))
        rows.append({"formula": label, "parsed_nodes": formula.size, "graph_nodes": len(graph.nodes),
                     "build_trace_draw_ms": timed(repeats, _build_trace_draw, formula) * 1000})  # fmt: skip
    return rows


def surface_timing(repeats: int) -> dict:
    text = "sin(x) cos(y) + x y / 4"
    seconds = timed(repeats, surface, parse(text), ("x", "y"), {"x": 0, "y": 0}, (-3, 3), (-3, 3))
    return {"formula": text, "grid": "101 x 101", "surface_ms": seconds * 1000}


def machine() -> dict:
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "torch": torch.__version__, "torch_threads": torch.get_num_threads(), "numpy": np.__version__}  # fmt: skip


def table(title: str, rows: list[dict]) -> str:
    keys = list(rows[0])
    cells = [[f"{r[k]:.4g}" if isinstance(r[k], float) else str(r[k]) for k in keys] for r in rows]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    lines = [title, "  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"), help="where to write figures")
    args = parser.parse_args()
    repeats, reruns = (3, 5) if args.quick else (7, 30)
    results = {
        "machine": machine(),
        "grid_vs_per_point_loop": grid_versus_loop(10_000, repeats),
        "ours_vs_numpy_sympy": versus_numpy(100_000, repeats),
        "app_warm_rerun": app_reruns(reruns),
        "largest_graphs": largest_graphs(repeats),
        "surface": [surface_timing(repeats)],
    }
    print(json.dumps(results["machine"]))
    for key, rows in results.items():
        if key != "machine":
            print()
            print(table(key, rows))
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["classroom"]:
        from .classroom import main as classroom

        classroom(sys.argv[2:])
    elif sys.argv[1:2] == ["first-render"]:
        from .first_render import main as first_render

        first_render(sys.argv[2:])
    else:
        main()
