"""Hostile code (tests/snippet_hostile.py) through the interpreter, its worker, the CLI and the page: each
refused before it runs or stopped at a limit, with Python's evaluators replaced by tripwires, and the
canary file never created."""

from __future__ import annotations

import ast
import builtins
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from snippet_hostile import CANARY, ESCAPES, HEAVY
from streamlit.testing.v1 import AppTest

from explorer.__main__ import main
from explorer.snippet import run
from explorer.snippet.catalog import EXAMPLES
from explorer.snippet.limits import Limits
from explorer.snippet.worker import run_in_worker
from explorer.workers.forkserver import CLIENT

ROOT = Path(__file__).resolve().parents[1]
TRIPWIRES = ("eval", "exec", "compile", "__import__", "open")


@pytest.fixture(scope="module", autouse=True)
def no_canary():
    Path(CANARY).unlink(missing_ok=True)
    yield
    assert not os.path.exists(CANARY), "a snippet created the canary file: an escape"


@pytest.fixture(scope="module")
def warmed() -> None:
    """Every example run once before the tripwires: PyTorch imports and opens its own files on first use."""
    for example in EXAMPLES:
        run(example.source)


@contextmanager
def tripwires(monkeypatch: pytest.MonkeyPatch):
    """Python's evaluators, open, and the import of any module not yet loaded raise inside the block, and are
    counted. Allowed: importing a loaded module, which runs no code (the standard library does that in
    ast.walk), and compile with PyCF_ONLY_AST, which is what ast.parse is: a syntax tree, never bytecode."""
    calls: list[str] = []
    real = {name: getattr(builtins, name) for name in TRIPWIRES}

    def trip(name: str):
        def tripped(*args, **kwargs):
            if name == "__import__" and args and args[0] in sys.modules:
                return real[name](*args, **kwargs)
            flags = args[3] if len(args) > 3 else kwargs.get("flags", 0)
            if name == "compile" and flags & ast.PyCF_ONLY_AST:  # ast.parse: a syntax tree, never bytecode
                return real[name](*args, **kwargs)
            calls.append(name)
            raise AssertionError(f"{name} called from a snippet run: {ascii(args[:1])[:120]}")

        return tripped

    with monkeypatch.context() as m:
        for name in TRIPWIRES:
            m.setattr(builtins, name, trip(name))
        yield calls
    assert calls == [], calls


@pytest.mark.parametrize("name", list(ESCAPES))
def test_every_escape_is_refused_before_it_runs(name, monkeypatch, warmed) -> None:
    with tripwires(monkeypatch):
        result = run(ESCAPES[name])
    assert result.refused is not None, (name, result.output, result.error)
    assert result.output == "" and result.error is None
    assert result.refused.code != "snippet.limit" or name in ("deep brackets", "deep lists", "long source")
    message = str(result.refused)
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("name", list(HEAVY))
def test_every_heavy_snippet_is_stopped_at_a_limit_that_it_names(name, monkeypatch, warmed) -> None:
    with tripwires(monkeypatch):
        result = run(HEAVY[name])
    assert result.refused is not None and result.refused.code == "snippet.limit", (name, result.error)
    assert result.refused.line >= 1 and "the most is" in str(result.refused)


def test_the_examples_run_with_the_tripwires_on(monkeypatch, warmed) -> None:
    with tripwires(monkeypatch):
        for example in EXAMPLES:
            result = run(example.source)
            assert result.refused is None, (example.file, result.refused)


def test_refusal_and_stopping_times_are_measured(record_property) -> None:
    """How long each refusal and each stop takes in the interpreter (printed and kept; no time is asserted)."""
    times = {}
    for name, source in {**ESCAPES, **HEAVY}.items():
        start = time.perf_counter()
        run(source)
        times[name] = time.perf_counter() - start
    slowest = sorted(times.items(), key=lambda kv: -kv[1])[:4]
    record_property("slowest", slowest)
    print(f"\nslowest of {len(times)}: " + ", ".join(f"{n}: {s * 1000:.1f} ms" for n, s in slowest))
    assert len(times) == len(ESCAPES) + len(HEAVY)


def test_the_cli_refuses_with_one_error_line_and_status_2(tmp_path, capsys) -> None:
    for name, source in {**ESCAPES, **HEAVY}.items():
        path = tmp_path / "snippet.py"
        path.write_text(source, encoding="utf-8")
        assert main(["run", str(path)]) == 2, name
        out, err = capsys.readouterr()
        assert err.startswith("error: ") and err.count("\n") == 1, (name, err)
        assert "Traceback" not in out + err


def test_the_worker_refuses_too_and_stops_what_overruns() -> None:
    for name in ("dunder import", "torch.save", "open a file"):
        assert run_in_worker(ESCAPES[name]).refused is not None
    heavy = "import torch\nx = torch.ones(300, 300)\nfor i in range(9000):\n    y = x @ x\n"  # seconds of work
    start = time.perf_counter()
    answer = CLIENT.ask({"job": "snippet", "source": heavy, "graph_of": None, "seconds": 30, "memory": 1 << 30,
                         "limits": {"work": 10**15, "seconds": 30.0}}, seconds=0.2)  # fmt: skip
    assert answer == {"failed": "timeout"}
    assert time.perf_counter() - start < 5
    memory = run_in_worker("import torch\nxs = []\nfor i in range(3000):\n    xs.append(torch.ones(1000, 1000))\n",
                           limits=Limits(alive=10**12))  # fmt: skip
    assert memory.refused is not None and memory.refused.code == "snippet.memory"
    assert run_in_worker("print(2 + 2)").output == "4\n"  # and the next run is answered as usual


def test_the_page_shows_one_refusal_and_stays_alive() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("ui/code/page.py").run()
    for name in ("class hierarchy walk", "torch.load", "huge tensor", "many iterations"):
        at.text_area(key="code_source").input(ESCAPES.get(name) or HEAVY[name]).run()
        assert not at.exception, at.exception
        assert len(at.error) == 1 and "This snippet is not run" in at.error[0].value, name
    at.text_area(key="code_source").input("import torch\nprint(torch.ones(2))").run()
    assert not at.error and at.code[0].value.rstrip("\n") == "tensor([1., 1.])"
