"""Exported PyTorch scripts run on their own and print exactly what the app shows."""

from __future__ import annotations

import math
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from explorer.__main__ import main
from explorer.build import run
from explorer.code import script
from explorer.parse import parse
from explorer.report import printout

CASES = [
    ("w*x + b", {"w": 2.0, "x": 1.0, "b": 3.0}, {}, "float32"),
    ("x^2", {"x": 2.0}, {}, "float32"),
    ("exp(x)", {"x": 2.0}, {}, "float32"),
    ("sin(x)", {"x": math.pi}, {}, "float32"),
    ("(x-4)(x^2+6)", {"x": 0.0}, {}, "float32"),
    ("(sqrt(x)+1)^3", {"x": 2.0}, {}, "float32"),
    ("(x+2y)^2", {"x": 1.0, "y": 2.0}, {}, "float32"),
    ("(x+2y)^2", {"x": 1.0, "y": 2.0}, {"y": False}, "float64"),
    ("2/x + 2^x - 1/2x + e^x - pi", {"x": 1.5}, {}, "float32"),
    ("-x^2 + sin(2) + 9^9^9 x", {"x": 0.5}, {}, "float32"),
    ("softplus(x) ln(x) log2(x) log10(x)", {"x": 2.5}, {}, "float64"),
    ("sigmoid(w x + b) + relu(w) abs(b)", {"w": -0.5, "x": 3.0, "b": 0.25}, {}, "float32"),
    ("asin(x/2) acos(x/3) atan(x) sinh(x) cosh(x) tanh(x) tan(x)", {"x": 0.7}, {}, "float64"),
    ("x^-2 + 1/(x-x) + sqrt(-x)", {"x": 1.0}, {}, "float32"),
    ("x", {"x": 3.0}, {}, "float32"),
    ("2pi", {}, {}, "float32"),
    ("x1 x2^3 / (1 + w2)", {"x1": 1.25, "x2": -0.5, "w2": 2.0}, {"w2": False}, "float64"),
]


def _run(source: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=120)


def test_exported_scripts_print_what_the_app_shows():
    sources = [script(parse(text), point, grads, dtype) for text, point, grads, dtype in CASES]
    with ThreadPoolExecutor(max_workers=2) as pool:  # each script imports torch: ~2 s
        runs = list(pool.map(_run, sources))
    for (text, point, grads, dtype), source, done in zip(CASES, sources, runs, strict=True):
        formula = parse(text)
        shown = printout(formula, run(formula, point, grads, dtype))  # what the app prints, "y = ..." lines
        expected = [line.split(" = ", 1)[1] for line in shown.splitlines()]
        assert done.returncode == 0, (text, done.stderr)
        assert done.stdout.splitlines() == expected, (text, source)
        assert "Traceback" not in done.stderr and "Warning" not in done.stderr


def test_the_script_looks_like_the_tutorial():
    source = script(parse("(sqrt(x)+1)^3"), {"x": 2.0})
    assert "x = torch.tensor(2.0, requires_grad=True)" in source
    assert "y = (torch.sqrt(x) + 1.0) ** 3.0" in source
    assert "y.backward()" in source and "print(x.grad)  # dy/dx" in source
    assert "eval" not in source and "exec" not in source


def test_cli_code_prints_the_same_script(capsys):
    assert main(["code", "(x+2y)^2", "--at", "x=1", "y=2", "--no-grad", "y", "--dtype", "float64"]) == 0
    out = capsys.readouterr().out
    assert out == script(parse("(x+2y)^2"), {"x": 1.0, "y": 2.0}, {"x": True, "y": False}, "float64")
    assert main(["code", "-x^2", "--at", "x=3"]) == 0
    assert "y = -x ** 2.0" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["code", "xy"], ["code", "x"], ["code", "x", "--at", "y=1"]])
def test_cli_code_mistakes_are_one_line(argv, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("error:") and captured.err.count("\n") == 1
