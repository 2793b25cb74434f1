"""Hostile and tricky input (tests/hostile.json) through every door: the parser, the pipeline, the CLI, the app.

The corpus marks nothing as valid: each test asks the parser, then holds every later stage to
what the parser said. A refused formula is one `FormulaError` (one line, with a column), one
`error:` line from the CLI and one `st.error` on the page; an accepted one is answered
everywhere, however heavy (`9^9^9`, `(x+y+z)^300`). Nothing typed is ever evaluated as code.
"""

from __future__ import annotations

import builtins
import json
import math
import re
import time
import types
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
import sympy
import sympy.parsing.sympy_parser
import torch
from streamlit.testing.v1 import AppTest

from explorer.__main__ import main
from explorer.draw.dot import to_dot
from explorer.draw.svg import svg
from explorer.draw.tree import expression_dot
from explorer.formula.errors import FormulaError
from explorer.formula.expression import expression
from explorer.formula.forward import forward, run, trace
from explorer.formula.parser import MAX_LENGTH, parse
from explorer.formula.report import output_name
from explorer.formula.symbolic_job import symbolic
from explorer.formula.tree import Formula

ROOT = Path(__file__).resolve().parents[1]
HOSTILE: list[str] = json.loads((ROOT / "tests" / "hostile.json").read_text(encoding="utf-8"))
IDS = [f"{i:03d}-{ascii(text)[1:-1][:32]}" for i, text in enumerate(HOSTILE)]
POINT_VALUE = 0.5  # every variable of an accepted entry is evaluated here


def read(text: str) -> Formula | FormulaError:
    """The parser's verdict on one entry; any other exception propagates and fails the test."""
    try:
        return parse(text)
    except FormulaError as exc:
        return exc


def point_of(formula: Formula) -> dict[str, float]:
    return {name: POINT_VALUE for name in formula.variables}


def json_number(value: float) -> float | str:
    """What the CLI's JSON must hold for a number: itself, or "nan" / "inf" / "-inf"."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


# ------------------------------------------------------------------ the corpus itself
def test_the_corpus_holds_the_cases_it_promises() -> None:
    assert len(HOSTILE) == len(set(HOSTILE)) > 250
    assert all(isinstance(text, str) for text in HOSTILE)
    lengths = {len(text) for text in HOSTILE}
    assert 10_000 in lengths and MAX_LENGTH + 1 in lengths
    for must in ["__import__('os').system('ls')", "().__class__.__base__.__subclasses__()", "9^9^9",
                 "(x+y+z)^300", "x]; y [shape=box", "<img src=x onerror=alert(1)>", "", "\t", "x\u0000",
                 "\u001b[31mx", "\u202ex+1", "ｘ＋１", "\\input{/etc/passwd}", "x}\\textcolor{red}{y"]:  # fmt: skip
        assert must in HOSTILE, must
    assert any(text.startswith("(" * 300) for text in HOSTILE)
    assert any(text.startswith("sin(" * 300) for text in HOSTILE)
    assert any(text.startswith("-" * 300) for text in HOSTILE)


# ------------------------------------------------------------ parser and pipeline
FORBIDDEN = [
    (builtins, "eval"),
    (builtins, "exec"),
    (builtins, "compile"),
    (sympy, "sympify"),
    (sympy.parsing.sympy_parser, "parse_expr"),
    (sympy, "lambdify"),
]


def _module_code(name: str, args: tuple, kwargs: dict) -> bool:
    """Is this exec/eval/compile the import system running a module file (not text from anywhere)?"""
    source = args[0] if args else kwargs.get("source")
    if name == "compile":
        filename = args[1] if len(args) > 1 else kwargs.get("filename", "")
        return isinstance(source, bytes | str) and Path(str(filename)).is_file() and str(filename).endswith(".py")
    return isinstance(source, types.CodeType) and Path(source.co_filename).is_file()


@contextmanager
def nothing_evaluated(monkeypatch: pytest.MonkeyPatch):
    """eval, exec, compile, sympify, parse_expr and lambdify raise (and are recorded) inside the block.

    Patched only around our own calls: importing SymPy or torch compiles code legitimately.
    A forked SymPy worker inherits the patches, so the symbolic side is covered too."""
    calls: list[str] = []

    def refuse(module, name: str):
        original = getattr(module, name)

        def refused(*args, **kwargs):
            if name in ("exec", "eval", "compile") and _module_code(name, args, kwargs):
                return original(*args, **kwargs)  # SymPy importing one of its modules on first use
            calls.append(name)
            raise AssertionError(f"{name} called: {ascii(args[:1])[:200]}")

        return refused

    with monkeypatch.context() as m:
        for module, name in FORBIDDEN:
            m.setattr(module, name, refuse(module, name))
        yield calls
    assert calls == [], f"called: {calls}"


def test_the_guard_refuses_every_evaluator(monkeypatch) -> None:
    expected = r"called: \['eval', 'exec', 'compile', 'sympify', 'parse_expr', 'lambdify'\]"
    with pytest.raises(AssertionError, match=expected), nothing_evaluated(monkeypatch):
        for module, name in FORBIDDEN:
            with pytest.raises(AssertionError, match=f"{name} called"):
                getattr(module, name)("1", "<string>", "eval")
    assert eval("1") == 1  # restored afterwards


@pytest.fixture(scope="module")
def warmed_up() -> None:
    """Every stage run once before the patches: their lazy imports exec module code, legitimately."""
    computation = forward(parse("softplus(x)^2 + sigmoid(x)"), {"x": 1.0})
    _, graph = trace(computation)
    assert b"<svg" in svg(to_dot(graph))
    assert symbolic(parse("relu(x)"), seconds=30).ok


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_parse_build_trace_draw_never_evaluate_and_fail_only_with_one_line_errors(text, monkeypatch, warmed_up) -> None:
    with nothing_evaluated(monkeypatch) as calls:
        verdict = read(text)
        if isinstance(verdict, Formula):
            computation = forward(verdict, point_of(verdict))
            result, graph = trace(computation)
            dots = [
                to_dot(graph),
                to_dot(graph, saved=True, compact=False),
                expression_dot(expression(verdict, computation.values)),
            ]
            drawn = svg(dots[0])
            sym = symbolic(verdict, seconds=1.0)  # a forked child: the patches hold there too
    if isinstance(verdict, FormulaError):
        message = str(verdict)
        assert "\n" not in message and "\r" not in message and message.isprintable(), repr(message)
        assert f"at column {verdict.start + 1}" in message
        assert 0 <= verdict.start <= len(text) and verdict.end > verdict.start
        return
    assert calls == []
    assert set(result.grads) == set(verdict.variables)
    assert all(dot.startswith("digraph") for dot in dots)
    assert b"<svg" in drawn
    assert "AssertionError" not in sym.reason, sym.reason  # the worker never reached eval and friends
    if sym.ok:
        assert set(sym.partials) == set(verdict.variables)


def test_rejection_time_of_every_entry_is_measured(record_property) -> None:
    """How long parse() takes to refuse each entry (no limit asserted: printed, and kept as a property)."""
    times: list[tuple[float, str]] = []
    for text in HOSTILE:
        best = math.inf
        for _ in range(3):
            start = time.perf_counter()
            verdict = read(text)
            best = min(best, time.perf_counter() - start)
        if isinstance(verdict, FormulaError):
            times.append((best, text))
            if len(text) > MAX_LENGTH:  # refused on its length alone, before any tokenizing
                assert "too long" in verdict.message, (text[:40], verdict.message)
    times.sort(reverse=True)
    slowest = [(f"{seconds * 1e6:.0f} us", ascii(text)[:50]) for seconds, text in times[:5]]
    record_property("slowest_rejections", slowest)
    print(f"\nparse() refused {len(times)} of {len(HOSTILE)} entries; slowest: {slowest}")
    assert len(times) > len(HOSTILE) // 2


# -------------------------------------------------------------------------- the CLI
def cli(capsys, argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def strict_json(text: str):
    def refuse(token: str):
        raise AssertionError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_cli_answers_in_json_or_one_error_line(text, capsys) -> None:
    verdict = read(text)
    argv = [text]
    if isinstance(verdict, Formula):
        argv += [arg for name in verdict.variables for arg in ("--at", f"{name}={POINT_VALUE}")]
    status, out, err = cli(capsys, [*argv, "--json"])
    assert "Traceback" not in out + err
    if isinstance(verdict, FormulaError):
        assert (status, out) == (2, "")
        assert err == f"error: formula: {verdict}\n"
        return
    assert (status, err) == (0, ""), err
    assert out.endswith("\n") and out.count("\n") == 1
    data = strict_json(out)
    expected = run(verdict, point_of(verdict))  # the same float32 computation, done here
    assert data["value"] == json_number(expected.value.item())
    assert data["gradient"] == {name: json_number(g.item()) for name, g in expected.grads.items()}
    assert set(data["derivative"]) == set(verdict.variables)  # a text, or null where SymPy gave up
    assert all(d is None or isinstance(d, str) for d in data["derivative"].values())
    assert data["dot"].startswith("digraph autograd")


def test_heavy_valid_formulas_keep_their_numbers_in_the_cli(capsys) -> None:
    status, out, _ = cli(capsys, ["9^9^9", "--json"])
    assert status == 0 and strict_json(out)["value"] == "inf"
    status, out, _ = cli(capsys, ["x^(9^9^9) + x", "--at", "x=0.5", "--json"])
    data = strict_json(out)
    # 9^9^9 is inf in float32, so PyTorch's d/dx x^inf at 0.5 is inf * 0.5^inf = inf * 0 = nan
    assert status == 0 and data["value"] == 0.5 and data["gradient"] == {"x": "nan"}
    assert data["derivative"] == {"x": None}  # SymPy was stopped, the numbers stand
    status, out, _ = cli(capsys, ["(x+y+z)^300", "--at", "x=0.001", "y=0.001", "z=0.001", "--dtype", "float64",
                                  "--json"])  # fmt: skip
    data = strict_json(out)
    assert status == 0 and data["value"] == pytest.approx(0.003**300, rel=1e-12)
    assert data["gradient"]["x"] == pytest.approx(300 * 0.003**299, rel=1e-12)
    assert data["derivative"]["x"] == "300*(x + y + z)**299"


# -------------------------------------------------------------------------- the app
@pytest.fixture(scope="module")
def shared_app():
    """One AppTest for the whole corpus: a fresh one per entry costs 0.3-0.9 s, a rerun 0.03 s.

    Built as the `app` fixture in conftest.py builds it; the entries only change the formula."""
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


ESCAPED = re.compile(r"\\.")  # plain() escapes every ASCII punctuation mark with a backslash


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_app_shows_one_error_or_the_printout(text, shared_app) -> None:
    at = shared_app
    at.text_input(key="formula").input(text).run()
    assert not at.exception, at.exception
    assert at.text_input(key="formula").value == text  # the widget keeps even control characters
    verdict = read(text)
    if isinstance(verdict, FormulaError):
        assert len(at.error) == 1, [e.value for e in at.error]
        assert not at.get("graphviz_chart") and not at.get("plotly_chart")
        shown = at.error[0].value.removeprefix("**Cannot read this formula.** ")
        unescaped = ESCAPED.sub("", shown)  # what Markdown would still interpret
        assert not re.search(r"[\\`*_{}\[\]()#+\-!|<>~$&:'\"]", unescaped), shown
        caret = at.code[0].value.splitlines()[-1]  # under the text as typed, pointing at the column
        assert caret == " " * verdict.start + "^" * max(1, min(verdict.end, len(text)) - verdict.start)
        return
    assert not at.error, [e.value for e in at.error]
    name = output_name(verdict)
    printouts = [c.value for c in at.code if c.value.startswith(f"{name} = tensor(")]
    assert len(printouts) == 1
    assert len(printouts[0].splitlines()) == 1 + len(verdict.variables)
    assert len(at.get("graphviz_chart")) >= 2  # the expression tree and the autograd graph
    assert len(at.get("plotly_chart")) >= (1 if verdict.variables else 0)


# --------------------------------------------------------- undefined and infinite results
def _sqrt_neg(_):
    return torch.sqrt(torch.tensor(-4.0))


def _log_zero(_):
    return torch.log(torch.tensor(0.0))


def _zero_pow_zero(_):
    return torch.tensor(0.0) ** 0.0


UNDEFINED = [
    # formula, point, the same computation written directly in torch (leaves -> output)
    ("sqrt(-4)", {}, _sqrt_neg),
    ("log(0)", {}, _log_zero),
    ("0^0", {}, _zero_pow_zero),
    ("1/(x-x)", {"x": 1.0}, lambda v: 1 / (v["x"] - v["x"])),
    ("abs(x)", {"x": 0.0}, lambda v: torch.abs(v["x"])),
    ("sqrt(x)", {"x": 0.0}, lambda v: torch.sqrt(v["x"])),
    ("x/0", {"x": 1.0}, lambda v: v["x"] / 0),
    ("log(x)", {"x": 0.0}, lambda v: torch.log(v["x"])),
    ("x/x", {"x": 0.0}, lambda v: v["x"] / v["x"]),
]
UNDEFINED_IDS = [case[0] for case in UNDEFINED]


def torch_reference(point: dict[str, float], fn) -> tuple[torch.Tensor, dict[str, torch.Tensor | None]]:
    leaves = {name: torch.tensor(value, requires_grad=True) for name, value in point.items()}
    y = fn(leaves)
    if y.requires_grad:
        y.backward()
    return y, {name: leaf.grad for name, leaf in leaves.items()}


@pytest.mark.parametrize(("text", "point", "fn"), UNDEFINED, ids=UNDEFINED_IDS)
def test_cli_gives_pytorchs_own_non_finite_numbers(text, point, fn, capsys) -> None:
    y, grads = torch_reference(point, fn)
    status, out, err = cli(capsys, [text, *[f"--at={n}={v}" for n, v in point.items()], "--json"])
    assert (status, err) == (0, "")
    data = strict_json(out)
    assert data["value"] == json_number(y.item())
    assert data["gradient"] == {name: json_number(g.item()) for name, g in grads.items()}
    status, out, err = cli(capsys, [text, *[f"--at={n}={v}" for n, v in point.items()]])
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == f"y = {y!r}"  # exactly what print(y) shows


@pytest.mark.parametrize(("text", "point", "fn"), UNDEFINED, ids=UNDEFINED_IDS)
def test_app_explains_non_finite_numbers_in_words(text, point, fn, app: AppTest) -> None:
    y, grads = torch_reference(point, fn)
    app.text_input(key="formula").input(text).run()
    for name, value in point.items():
        app.number_input(key=f"value:{name}").set_value(value).run()
    assert not app.exception, app.exception
    assert not app.error
    expected = [f"y = {y!r}"] + [f"{n}.grad = {g!r}" for n, g in grads.items()]
    assert app.code[0].value.splitlines() == expected
    labelled = {"y": y.item(), **{f"{n}.grad": g.item() for n, g in grads.items()}}
    notes = [w.value for w in app.warning if " is nan " in w.value or " is infinite" in w.value]
    undefined = [label for label, value in labelled.items() if not math.isfinite(value)]
    assert sorted(note.split(" is ")[0] for note in notes) == sorted(undefined)
    for note in notes:
        assert "nan (not a number)" in note or "infinite:" in note
    assert len(app.get("graphviz_chart")) >= 2
    assert len(app.get("plotly_chart")) == (1 if point else 0)
