"""The command line: printouts exactly as torch prints, JSON, and one-line errors with status 2.

Most cases call `explorer.__main__.main(argv)` in this process; a handful run `python -m explorer`
for real (started together, since importing torch takes seconds per process).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp
from cli_support import assert_usage_error

from explorer.__main__ import main
from explorer.draw.dot import to_dot
from explorer.formula.forward import forward, trace
from explorer.formula.parser import parse

ROOT = Path(__file__).resolve().parents[1]
x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ------------------------------------------------------------------ plain output
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["(sqrt(x)+1)^3", "--at", "x=2"], ["y = tensor(14.0711, grad_fn=<PowBackward0>)", "x.grad = tensor(6.1820)"]),
        # float32(pi) is 3.14159274..., so sin of it is -(3.14159274 - pi) = -8.7423e-08
        (["sin(x)", "--at", "x=pi"], ["y = tensor(-8.7423e-08, grad_fn=<SinBackward0>)", "x.grad = tensor(-1.)"]),
        (["sin(x)", "--at", "x=π"], ["y = tensor(-8.7423e-08, grad_fn=<SinBackward0>)", "x.grad = tensor(-1.)"]),
        (["x^2", "--at", "x=2"], ["y = tensor(4., grad_fn=<PowBackward0>)", "x.grad = tensor(4.)"]),
        (["exp(x)", "--at", "x=2"], ["y = tensor(7.3891, grad_fn=<ExpBackward0>)", "x.grad = tensor(7.3891)"]),
        (["(x-4)(x^2+6)", "--at", "x=0"], ["y = tensor(-24., grad_fn=<MulBackward0>)", "x.grad = tensor(6.)"]),
        # the output is called z when y is an input, as in the tutorial's example 6
        (["(x+2*y)^2", "--at", "x=1", "y=2"],
         ["y = tensor(25., grad_fn=<PowBackward0>)", "x.grad = tensor(10.)", "y.grad = tensor(20.)"]),
        (["w*x + b", "--at", "w=2", "x=1", "b=3"],
         ["y = tensor(5., grad_fn=<AddBackward0>)", "w.grad = tensor(1.)", "x.grad = tensor(2.)",
          "b.grad = tensor(1.)"]),
        # --at may repeat, values are constant expressions
        (["x*y", "--at", "x=pi/2", "--at", "y=-1.5"],
         ["y = tensor(-2.3562, grad_fn=<MulBackward0>)", "x.grad = tensor(-1.5000)", "y.grad = tensor(1.5708)"]),
        (["-x^2", "--at", "x=3"], ["y = tensor(-9., grad_fn=<NegBackward0>)", "x.grad = tensor(-6.)"]),
        (["-x", "--at", "x=3"], ["y = tensor(-3., grad_fn=<NegBackward0>)", "x.grad = tensor(-1.)"]),
        (["2^3^2"], ["y = tensor(512.)"]),
        (["x", "--at", "x=1"], ["y = tensor(1., requires_grad=True)", "x.grad = tensor(1.)"]),
    ],
)  # fmt: skip
def test_plain_output(capsys, argv, expected):
    status, out, err = cli(capsys, *argv)
    assert (status, err) == (0, "")
    assert out == "\n".join(expected) + "\n"


def test_no_grad_gives_none(capsys):
    status, out, _ = cli(capsys, "w*x + b", "--at", "w=2", "x=1", "b=3", "--no-grad", "x")
    assert status == 0
    assert out.splitlines() == [
        "y = tensor(5., grad_fn=<AddBackward0>)",
        "w.grad = tensor(1.)",
        "x.grad = None",
        "b.grad = tensor(1.)",
    ]
    status, out, _ = cli(capsys, "x^2", "--at", "x=2", "--no-grad", "x")
    assert (status, out) == (0, "y = tensor(4.)\nx.grad = None\n")


def test_dtype_float64(capsys):
    status, out, _ = cli(capsys, "(sqrt(x)+1)^3", "--at", "x=2", "--dtype", "float64")
    assert status == 0
    assert out.splitlines() == [
        "y = tensor(14.0711, dtype=torch.float64, grad_fn=<PowBackward0>)",
        "x.grad = tensor(6.1820, dtype=torch.float64)",
    ]


# -------------------------------------------------------------------------- JSON
def test_json_object(capsys):
    status, out, err = cli(capsys, "(sqrt(x)+1)^3", "--at", "x=2", "--dtype", "float64", "--json")
    assert (status, err) == (0, "")
    assert out.count("\n") == 1
    data = json.loads(out)
    assert set(data) == {"formula", "value", "gradient", "derivative", "dot", "graph"}
    assert data["formula"] == "(sqrt(x) + 1)^3"
    root2 = math.sqrt(2)
    assert data["value"] == pytest.approx((root2 + 1) ** 3, rel=1e-15)
    assert data["gradient"] == {"x": pytest.approx(3 * (root2 + 1) ** 2 / (2 * root2), rel=1e-15)}
    text = data["derivative"]["x"]
    derivative = sp.sympify(text, locals={"x": x})  # our own output, not user input
    assert sp.simplify(derivative - 3 * (sp.sqrt(x) + 1) ** 2 / (2 * sp.sqrt(x))) == 0
    assert data["dot"].startswith("digraph autograd {")
    for name in ["PowBackward0", "AddBackward0", "SqrtBackward0", "AccumulateGrad"]:
        assert name in data["dot"]


def test_json_as_in_the_readme(capsys):
    status, out, _ = cli(capsys, "sin(x)", "--at", "x=pi", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["formula"] == "sin(x)"
    assert data["value"] == -8.742277657347586e-08  # sin(float32(pi)), as float32
    assert data["gradient"] == {"x": -1.0}
    assert data["derivative"] == {"x": "cos(x)"}


def test_json_canonical_formula_and_null_gradient(capsys):
    status, out, _ = cli(capsys, "2x y", "--at", "x=1", "y=3", "--no-grad", "y", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["formula"] == "2*x*y"
    assert data["value"] == 6.0
    assert data["gradient"] == {"x": 6.0, "y": None}
    assert set(data["derivative"]) == {"x", "y"}


@pytest.mark.parametrize(
    ("argv", "value", "gradient"),
    [
        (["sqrt(x)", "--at", "x=-1"], "nan", "nan"),
        (["1/x", "--at", "x=0"], "inf", "-inf"),
        (["1/x", "--at", "x=0", "--dtype", "float64"], "inf", "-inf"),
        (["log(x)", "--at", "x=0"], "-inf", "inf"),
    ],
)
def test_json_non_finite_numbers_are_strings(capsys, argv, value, gradient):
    status, out, _ = cli(capsys, *argv, "--json")
    assert status == 0
    assert "NaN" not in out and "Infinity" not in out  # strict JSON
    data = json.loads(out)
    assert data["value"] == value
    assert data["gradient"] == {"x": gradient}


# ------------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["xy", "--at", "x=1"], "error: formula: unknown name 'xy' at column 1: write x*y or x y"),
        (["sinx", "--at", "x=1"], "did you mean sin(x)?"),
        (["x*y", "--at", "x=1"], "missing --at y=..."),
        (["x*y"], "missing --at x=..., --at y=..."),
        (["x", "--at", "x=1", "z=2"], "the formula has no variable 'z'"),
        (["x", "--at", "x=1", "--dtype", "float16"], "float16"),
        ([""], "the formula is empty"),
        (["   "], "the formula is empty"),
        ([], "formula"),
        (["x", "--at", "x"], "write NAME=VALUE"),
        (["x", "--at", "x=foo"], "VALUE must be a number"),
        (["x", "--at", "x=y"], "cannot contain the variable 'y'"),
        (["x", "--at", "x=1/0"], "not a finite number"),
        (["x", "--at", "x="], "the formula is empty"),
        (["x", "--at", "x=1", "--no-grad", "q"], "--no-grad q: the formula has no variable 'q'"),
        (["x", "--at", "x=1", "--bogus"], "--bogus"),
        (["x", "--at", "x=1\n2"], "--at x=1"),  # a line break in an argument stays on one line
        (["x\ny", "--at", "x=1"], "U+000A"),
    ],
)
def test_errors_are_one_line_with_status_2(capsys, argv, fragment):
    line = assert_usage_error(*cli(capsys, *argv))
    assert fragment in line


def test_help_exits_cleanly(capsys):
    with pytest.raises(SystemExit) as info:
        main(["-h"])
    assert info.value.code == 0
    assert "--at NAME=VALUE" in capsys.readouterr().out


# ------------------------------------------------------------- real processes
REAL = {
    "plain": ["(sqrt(x)+1)^3", "--at", "x=2"],
    "minus": ["-x^2", "--at", "x=3"],
    "error": ["xy", "--at", "x=1"],
    "json": ["(x-4)*(x^2+6)", "--at", "x=0", "--json"],
}


@pytest.fixture(scope="module")
def real_runs() -> dict[str, subprocess.CompletedProcess]:
    """Start every `python -m explorer` at once, then wait for all of them."""
    procs = {
        key: subprocess.Popen(
            [sys.executable, "-m", "explorer", *argv],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for key, argv in REAL.items()
    }
    done = {}
    for key, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        done[key] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return done


def test_real_process_plain_output(real_runs):
    run_ = real_runs["plain"]
    assert (run_.returncode, run_.stderr) == (0, "")
    assert run_.stdout == "y = tensor(14.0711, grad_fn=<PowBackward0>)\nx.grad = tensor(6.1820)\n"


def test_real_process_formula_starting_with_minus(real_runs):
    run_ = real_runs["minus"]
    assert (run_.returncode, run_.stderr) == (0, "")
    assert run_.stdout == "y = tensor(-9., grad_fn=<NegBackward0>)\nx.grad = tensor(-6.)\n"


def test_real_process_error(real_runs):
    run_ = real_runs["error"]
    assert run_.returncode == 2
    assert run_.stdout == ""
    assert run_.stderr == "error: formula: unknown name 'xy' at column 1: write x*y or x y\n"
    assert "Traceback" not in run_.stderr


def test_real_process_json_and_dot_stable_across_processes(real_runs):
    run_ = real_runs["json"]
    assert (run_.returncode, run_.stderr) == (0, "")
    data = json.loads(run_.stdout)
    assert data["formula"] == "(x - 4)*(x^2 + 6)"
    assert data["value"] == -24.0
    assert data["gradient"] == {"x": 6.0}
    assert sp.simplify(sp.sympify(data["derivative"]["x"], locals={"x": x}) - (3 * x**2 - 8 * x + 6)) == 0
    # the DOT from another process is the same text as this process makes
    _, graph = trace(forward(parse("(x-4)*(x^2+6)"), {"x": 0.0}))
    assert data["dot"] == to_dot(graph)
