"""Generated snippets: any text at all is answered (a refusal or a run, never a crash), and programs drawn
from a grammar of the snippet language print and raise exactly what real Python does with them.

Profiles as in tests/test_properties.py ("dev" by default, "ci" in the test command)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.snippet import SEED, run

settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=400, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
# each batch: 15 programs and one real Python; SNIPPET_BATCHES=30 for a longer search
BATCHES = int(os.environ.get("SNIPPET_BATCHES", "3" if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else "1"))
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


@given(st.text(max_size=400))
def test_any_text_is_answered_with_a_refusal_or_a_run(text) -> None:
    result = run(text)
    assert result.refused is not None or result.error is not None or isinstance(result.output, str)
    if result.refused is not None:
        assert "\n" not in str(result.refused)


TOKENS = st.sampled_from(["x", "y", "=", "(", ")", ".", "torch", "print", "backward", "grad", "+", "*", "1", "2.0",
                          "\n", " ", ":", "for", "in", "range", "[", "]", ",", "import", "__", "'", "requires_grad"])


@given(st.lists(TOKENS, max_size=40).map("".join))
def test_token_soup_is_answered_too(text) -> None:
    result = run(text)
    assert result.refused is not None or result.error is not None or isinstance(result.output, str)


# --------------------------------------------------------- programs from a grammar
LEAVES = ("a", "b", "c")
SHAPES = {"a": "()", "b": "(3,)", "c": "(2, 3)"}


@st.composite
def expressions(draw, depth: int = 0) -> str:
    if depth > 2 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from([*LEAVES, "2.0", "0.5", "torch.ones(3)"]))
    kind = draw(st.sampled_from(["binary", "function", "method", "power", "index"]))
    inner = draw(expressions(depth + 1))
    if kind == "binary":
        return f"({inner} {draw(st.sampled_from(['+', '-', '*', '/', '@']))} {draw(expressions(depth + 1))})"
    if kind == "function":
        return f"torch.{draw(st.sampled_from(['exp', 'sin', 'tanh', 'relu', 'sigmoid', 'abs', 'sqrt']))}({inner})"
    if kind == "method":
        return f"{inner}.{draw(st.sampled_from(['sum()', 'mean()', 'exp()', 't()', 'detach()', 'sum(dim=0)']))}"
    if kind == "power":
        return f"({inner} ** {draw(st.sampled_from(['2', '3', '0.5', '-1']))})"
    return f"{inner}[{draw(st.sampled_from(['0', '-1', '1:', ':']))}]"


@st.composite
def statements(draw) -> str:
    kind = draw(st.sampled_from(["assign", "print", "backward", "grad", "no_grad", "loop", "zero"]))
    expr = draw(expressions())
    if kind == "assign":
        return f"{draw(st.sampled_from(['u', 'v', 'w']))} = {expr}"
    if kind == "print":
        return f"print({expr})"
    if kind == "backward":
        return f"({expr}).sum().backward()"
    if kind == "grad":
        return f"print({draw(st.sampled_from(LEAVES))}.grad)"
    if kind == "no_grad":
        return f"with torch.no_grad():\n    print({expr}.requires_grad)"
    if kind == "loop":
        return f"for i in range({draw(st.integers(1, 3))}):\n    print(i, ({expr}).shape)"
    return f"{draw(st.sampled_from(LEAVES))}.grad = None"


@st.composite
def programs(draw, body=statements, most: int = 6) -> str:
    """The three leaves, then 1 to `most` statements drawn from `body`."""
    lines = ["import torch", f"torch.manual_seed({draw(st.integers(0, 9))})"]
    lines += [f"{name} = torch.randn({SHAPES[name]}, requires_grad=True)" for name in LEAVES]
    lines += draw(st.lists(body(), min_size=1, max_size=most))
    return "\n".join(lines) + "\n"


REFERENCE = f"""
import io, json, sys, warnings
from contextlib import redirect_stdout
import torch
for source in json.loads(sys.stdin.read()):
    torch.manual_seed({SEED})
    out, error = io.StringIO(), None
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("default")
        try:
            with redirect_stdout(out):
                exec(compile(source, "snippet.py", "exec"), {{"__name__": "__main__"}})
        except Exception as exc:
            error = type(exc).__name__ + ": " + str(exc)
    print(json.dumps([out.getvalue(), error]))
"""  # the reference runs only programs this test generated: trusted text


@settings(max_examples=BATCHES)
@given(st.lists(programs(), min_size=15, max_size=15))
def test_generated_programs_print_and_raise_what_python_does(sources) -> None:
    done = subprocess.run([sys.executable, "-c", REFERENCE], input=json.dumps(sources), capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for source, line in zip(sources, done.stdout.splitlines(), strict=True):
        real_out, real_error = json.loads(line)
        ours = run(source)
        assert ours.refused is None, (source, ours.refused)
        assert ADDRESS.sub("", ours.output) == ADDRESS.sub("", real_out), source
        assert (ours.error.raised.line if ours.error else None) == real_error, source
