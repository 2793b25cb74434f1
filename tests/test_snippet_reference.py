"""Every example snippet and a corpus of language and error cases, run by our interpreter and by real Python
(the reference: trusted files only, one subprocess for all): the same output, character for character, the
same error line as Python ends its traceback with, and the same warnings on the same lines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.snippet import SEED, run
from explorer.snippet.catalog import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "tests" / "snippets").glob("*.py"))
FILES = [ROOT / "explorer" / "snippet" / "examples" / e.file for e in EXAMPLES] + CORPUS
ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # <AddBackward0 object at 0x7f...>: different in every process

# Run each file as `python file.py` would, from the same random state the interpreter starts from.
RUNNER = f"""
import io, json, runpy, sys, warnings
from contextlib import redirect_stdout
import torch
for path in sys.argv[1:]:
    torch.manual_seed({SEED})
    out, error = io.StringIO(), None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            with redirect_stdout(out):
                runpy.run_path(path, run_name="__main__")
        except Exception as exc:
            error = type(exc).__name__ + ": " + str(exc)
    print(json.dumps({{"out": out.getvalue(), "error": error,
                      "warnings": [[w.lineno, w.category.__name__, str(w.message)] for w in caught]}}))
"""


@pytest.fixture(scope="module")
def reference() -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", RUNNER, *map(str, FILES)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(FILES)
    return {path.name: json.loads(line) for path, line in zip(FILES, lines, strict=True)}


def test_the_corpus_covers_every_example_and_the_classic_errors():
    assert len(FILES) >= 30 and len({f.name for f in FILES}) == len(FILES)
    assert sum(f.name.startswith("errors_") for f in CORPUS) >= 8


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_our_interpreter_prints_and_raises_what_python_does(path, reference):
    real = reference[path.name]
    ours = run(path.read_text(encoding="utf-8"))
    assert ours.refused is None, ours.refused
    assert ADDRESS.sub("", ours.output) == ADDRESS.sub("", real["out"])
    assert (ours.error.raised.line if ours.error else None) == real["error"]
    assert [[w.line, w.category, w.message] for w in ours.warnings] == real["warnings"]
