"""The README's figures and examples, recomputed: a claim that stops being true fails here."""

from __future__ import annotations

import io
import json
import math
import re
import shlex
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from explorer.__main__ import main
from explorer.formula.forward import forward, trace
from explorer.formula.parser import MAX_LENGTH, MAX_NESTING, MAX_NODES, MAX_VARIABLES, parse
from explorer.formula.vocabulary import FUNCTIONS
from explorer.i18n import EN
from explorer.lab.config import LIMITS, LabConfig
from explorer.lab.report import largest_difference
from explorer.lab.run import run_lab
from explorer.share.pages import FORMULA_PAGE, LAB_PAGE
from explorer.share.setting import VARIABLE
from explorer.traced.text import short

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FLAT = re.sub(r"\s+", " ", README)  # sentences wrap across lines


def section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


CONSOLE = re.findall(r"```console\n(.*?)```", README, flags=re.S)


def console_examples() -> list[tuple[str, str]]:
    examples = []
    for block in CONSOLE:
        for chunk in block.split("$ ")[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


@pytest.mark.parametrize(("command", "output"), console_examples(), ids=[c for c, _ in console_examples()])
def test_the_console_examples_print_what_the_readme_shows(command, output):
    argv = shlex.split(command)
    assert argv[:3] == ["python", "-m", "explorer"]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(argv[3:]) == 0, err.getvalue()
    if output.rstrip().endswith('..."}'):  # a long JSON answer, shown up to its DOT
        shown = output.rstrip()[: -len('..."}')]
        assert out.getvalue().startswith(shown)
        json.loads(out.getvalue())
    else:
        assert out.getvalue() == output


def test_there_are_console_examples():
    assert len(console_examples()) >= 3


def test_counts_of_things_are_the_things_counted():
    from test_code import CASES
    from test_hostile import HOSTILE

    assert f"{len(EN)} messages each" in FLAT
    assert f"corpus of {len(HOSTILE)} injection strings" in FLAT
    assert f"exported scripts of {len(CASES)} formulas" in FLAT
    from test_walls import CORPUS

    assert f"runs {len(CORPUS)} costly snippets" in FLAT


def test_the_limits_are_the_codes():
    assert f"N ≤ {LIMITS['batch']:,}, I ≤ {LIMITS['inputs']}, O ≤ {LIMITS['outputs']}, K ≤ {LIMITS['steps']:,}" in FLAT
    expected = (f"Limits, checked before any work: {MAX_LENGTH:,} characters, {MAX_NESTING} levels of nesting "
                f"(parentheses, signs and exponents inside each other), {MAX_NODES} numbers, names and operators, "
                f"{MAX_VARIABLES} distinct variables")  # fmt: skip
    assert expected in FLAT
    (functions,) = re.findall(r"\| Functions \| `([^`]+)`", README)
    assert functions.split() == list(FUNCTIONS)


def test_the_lab_figures():
    run = run_lab(LabConfig())
    assert largest_difference(run.closed_weight, run.grad_weight) == 0
    assert largest_difference(run.closed_bias, run.grad_bias) < 2.5e-7
    claim = "the largest difference is 0 for dL/dW and within float32 rounding for dL/db (a test keeps it under 2.5e-7)"
    assert claim in FLAT
    assert f"`loss: tensor({run.loss.item():.4f}, grad_fn=<MseLossBackward0>)`" in FLAT
    diverged = run_lab(LabConfig(lr=1.5, steps=20))
    assert f"lr = 1.5: {short(diverged.losses[0])} → {short(diverged.losses[-1])} in 20 steps" in FLAT


def test_example_4s_leaf_gets_6_and_minus_0():
    _, graph = trace(forward(parse("(x-4)*(x^2+6)"), {"x": 0.0}))
    (leaf,) = [n for n in graph.nodes if n.variable == "x"]
    into = sorted(short(e.grad) for e in graph.edges if e.target == leaf.id)
    assert into == ["-0", "6"]
    assert "up to its `.grad` (6 and −0 at x = 0" in FLAT
    assert sorted(short(e.grad) for e in graph.edges) == sorted(["6", "-4", "6", "-4", "-0"])
    assert "carries the page's 1, 6, −4, 6, −4, −0" in FLAT


def test_the_hessian_example():
    from test_compare import hessian_against_sympy

    _, pairs, summary = hessian_against_sympy("(x+y+z)^300", {"x": 2.0, "y": 1.0, "z": 1.0}, "float32")
    assert f"\"{summary.agreeing} of {summary.compared} entries compared agree\" for `(x+y+z)^300`" in FLAT
    assert f"({pairs[0][1]:.2g})" in FLAT.replace("2.3e184", "2.3e+184")


def test_every_link_parameter_the_readme_names_exists():
    named = set(re.findall(r"`([a-z0-9]+(?:\.[a-z]+)?)=", section("Share, export, and beyond first derivatives")))
    params = {s.param.replace(VARIABLE, "x") for s in (*FORMULA_PAGE, *LAB_PAGE)}
    assert named and named <= params | {"formula"}, named - params
    lab = section("Share, export, and beyond first derivatives").split("On the lab")[1].split("Defaults are")[0]
    listed = re.findall(r"`([a-z]+)`", lab)
    assert set(listed) == {s.param for s in LAB_PAGE}


def test_the_performance_tables_are_the_benchmarks_last_run():
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    for row in results["grid_vs_per_point_loop"]:
        assert f"{round(row['ratio']):,}× faster" in FLAT
    rows = results["app_warm_rerun"]

    def spread(key: str) -> str:
        one_variable = [round(row[key]) for row in rows[1:6]]
        return f"{min(one_variable)}–{max(one_variable)} ms"

    assert (f"examples 1–5 (one variable: curve, y', tangent) | {spread('script_median_ms')} | "
            f"{spread('script_p95_ms')} | {spread('median_ms')}") in FLAT  # fmt: skip
    labels = {0: "`w*x + b` (3 variables: map, arrows, slices)", 7: "`sin(x) cos(y)` (2 variables)"}
    for row, label in ((rows[i], text) for i, text in labels.items()):
        assert f"{label} | {round(row['script_median_ms'])} ms | {round(row['script_p95_ms'])} ms | " \
               f"{round(row['median_ms'])} ms" in FLAT  # fmt: skip
    assert f"takes {spread('script_median_ms')} median for the one-variable" in FLAT  # the Serving section
    assert not math.isnan(results["surface"][0]["surface_ms"])


def test_the_classroom_figures_are_the_last_load_test():
    from explorer.formula.sympy_wire import FUNCTIONS

    assert f"a list of {len(FUNCTIONS)} SymPy classes" in FLAT
    runs = json.loads((ROOT / "benchmarks" / "classroom.json").read_text())["results"]
    for r in runs:
        pause = "about 2 s" if r["think_s"] == 2 else "none"
        assert r["errors"] == 0
        row = (f"| {r['layout']} | {pause} | 0 | {r['first_run_median_s']:.1f}–{r['first_run_max_s']:.1f} s "
               f"| {1000 * r['change_median_s']:,.0f} ms | {1000 * r['change_p95_s']:,.0f} ms")
        assert row in FLAT
    first = json.loads((ROOT / "benchmarks" / "first_render.json").read_text())["ratios"]
    assert f"{first['warm_vs_bare']:.1f}×" in FLAT and f"{first['warmed_up_vs_warm']:.2f}× a warm" in FLAT
    assert f"still {first['first_screen_vs_bare']:.1f}× the bare page" in FLAT
    assert f"takes {first['bare_plotly_vs_bare']:.1f}× the bare page" in FLAT
    assert f"{first['warm_vs_bare_plotly']:.1f}× the page with one Plotly chart" in FLAT
