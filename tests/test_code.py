"""Exported PyTorch scripts run on their own and print exactly what the app shows."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from explorer.__main__ import main
from explorer.formula.forward import run
from explorer.formula.parser import parse
from explorer.formula.report import printout
from explorer.formula.script import script

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
    ("x sqrt(sin(pi))", {"x": 1.0}, {}, "float32"),  # float32's sin(pi) < 0: nan, as on the page
    ("2^3^2 + x - (2+3) + sin(-2) x + -pi", {"x": 0.5}, {}, "float64"),
    ("-2", {}, {}, "float64"),
    ("e", {}, {}, "float32"),
    ("x^-0.5 + 10^x + 1e20 x + 1e-7", {"x": 0.25}, {}, "float32"),
    ("x1 x2^3 / (1 + w2)", {"x1": 1.25, "x2": -0.5, "w2": 2.0}, {"w2": False}, "float64"),
]


SEPARATOR = "----- next script -----"
RUNNER = f"import runpy, sys\nfor path in sys.argv[1:]:\n    runpy.run_path(path)\n    print({SEPARATOR!r})\n"


def test_exported_scripts_print_what_the_app_shows(tmp_path):
    """Each script run as a file by a real Python (one process for all, so torch is imported once)."""
    sources = [script(parse(text), point, grads, dtype) for text, point, grads, dtype in CASES]
    paths = []
    for i, source in enumerate(sources):
        paths.append(tmp_path / f"script{i}.py")
        paths[-1].write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", RUNNER, *map(str, paths)], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr
    outputs = done.stdout.split(SEPARATOR + "\n")
    assert outputs[-1] == "" and len(outputs) == len(CASES) + 1
    for (text, point, grads, dtype), source, out in zip(CASES, sources, outputs, strict=False):
        formula = parse(text)
        shown = printout(formula, run(formula, point, grads, dtype))  # what the app prints, "y = ..." lines
        expected = [line.split(" = ", 1)[1] for line in shown.splitlines()]
        assert out.splitlines() == expected, (text, source)


def test_the_script_looks_like_the_tutorial():
    source = script(parse("(sqrt(x)+1)^3"), {"x": 2.0})
    assert source == (
        "import torch\n\nx = torch.tensor(2.0, requires_grad=True)\n\n"
        "y = (torch.sqrt(x) + 1) ** 3\ny.backward()\n\nprint(y)\nprint(x.grad)  # dy/dx\n"
    )  # the tutorial's example 5, line for line (its `y = (torch.sqrt(x) + 1) ** 3`)
    assert "y = (x - 4) * (x ** 2 + 6)" in script(parse("(x-4)(x^2+6)"), {"x": 0.0})  # example 4
    assert "z = (x + 2 * y) ** 2" in script(parse("(x+2y)^2"), {"x": 1.0, "y": 2.0})  # example 6


def test_constants_are_tensors_only_where_the_page_made_them_and_math_only_when_used():
    """No `import math` without pi or e; a number is wrapped only where explorer/formula/forward.py wraps it."""
    source = script(parse("x sqrt(sin(pi))"), {"x": 1.0})
    assert source.startswith("import math\n\nimport torch\n")
    assert "y = x * torch.sqrt(torch.sin(torch.tensor(math.pi)))" in source
    assert "as_tensor" not in source
    assert "import math" not in script(parse("x^2"), {"x": 1.0})
    assert "y = 2 ** torch.tensor(3.0) ** 2 + x" in script(parse("2^3^2 + x"), {"x": 1.0})
    assert "torch.sin(torch.tensor(-2.0, dtype=torch.float64))" in script(parse("sin(-2) x"), {"x": 1.0}, None,
                                                                          "float64")  # fmt: skip


def test_cli_code_prints_the_same_script(capsys):
    assert main(["code", "(x+2y)^2", "--at", "x=1", "y=2", "--no-grad", "y", "--dtype", "float64"]) == 0
    out = capsys.readouterr().out
    assert out == script(parse("(x+2y)^2"), {"x": 1.0, "y": 2.0}, {"x": True, "y": False}, "float64")
    assert main(["code", "-x^2", "--at", "x=3"]) == 0
    assert "y = -x ** 2" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["code", "xy"], ["code", "x"], ["code", "x", "--at", "y=1"]])
def test_cli_code_mistakes_are_one_line(argv, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("error:") and captured.err.count("\n") == 1
