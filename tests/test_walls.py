"""Both walls, measured: costly snippets (tests/snippet_hostile.py) refused by the first wall, our code's costs
worked out before the work, through the interpreter, the CLI as a user runs it and the page's worker path, each
within 10 s and with the process tree under 1.5 GiB at its peak (the kernel's count of the children's resident
memory, not an exit code); the second wall's own messages, true in words, with the line; the CLI as a command-line
tool (a closed pipe, text the terminal cannot encode, bounded JSON)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from snippet_hostile import COSTLY, HEAVY, QUICK, WRONG_ARGUMENTS

from explorer.snippet import run
from explorer.snippet.limits import Limits
from explorer.snippet.worker import run_in_worker
from explorer.workers.forkserver import CLIENT

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 10.0
PEAK = 1.5 * (1 << 20)  # KiB: 1.5 GiB
STOPPED = {"snippet.limit", "snippet.device", "snippet.keyword", "snippet.recursion"}
CORPUS = {**COSTLY, **WRONG_ARGUMENTS, **{f"heavy: {name}": source for name, source in HEAVY.items()}}

# The CLI as a user runs it, in a wrapper that reports the peak resident memory of all it waited for (the CLI
# and the worker child the CLI forks and waits for), as the kernel counted it.
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "explorer", "run", *sys.argv[1:]], capture_output=True, text=True)
print(done.returncode, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(done.stderr, end="")
"""


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_first_wall_refuses_before_the_work(name) -> None:
    start = time.perf_counter()
    result = run(CORPUS[name])
    assert result.refused is not None and result.refused.code in STOPPED, (name, result.error, result.output)
    assert time.perf_counter() - start < SECONDS
    message = str(result.refused)
    assert result.refused.line >= 1 and "\n" not in message and "internal error" not in message


def cli(path: Path) -> tuple[int, float, int, str]:
    done = subprocess.run([sys.executable, "-c", WRAPPER, str(path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)  # fmt: skip
    first, _, stderr = done.stdout.partition("\n")
    status, seconds, peak = first.split()
    return int(status), float(seconds), int(peak), stderr


def test_the_cli_stops_each_with_one_clear_line_in_time_and_memory(tmp_path) -> None:
    paths = []
    for i, source in enumerate(CORPUS.values()):
        paths.append(tmp_path / f"costly{i}.py")
        paths[-1].write_text(source, encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:  # two at a time: this machine's two cores
        answers = list(pool.map(cli, paths))
    for name, (status, seconds, peak, stderr) in zip(CORPUS, answers, strict=True):
        assert status == 2 and stderr.startswith("error: line ") and stderr.count("\n") == 1, (name, stderr)
        assert "internal error" not in stderr and "Traceback" not in stderr, (name, stderr)
        assert seconds < SECONDS, (name, seconds)
        assert peak < PEAK, (name, peak)


def test_the_pages_worker_stops_each_in_time_and_memory() -> None:
    for name, source in CORPUS.items():
        start = time.perf_counter()
        result = run_in_worker(source)
        seconds = time.perf_counter() - start
        assert result.refused is not None and result.refused.code in STOPPED, (name, result.refused, result.error)
        assert seconds < SECONDS, (name, seconds)
        peak = CLIENT.peak(CLIENT.last_pid)
        assert peak is not None and peak < PEAK, (name, peak)


def test_what_ran_until_killed_now_runs_as_python_does() -> None:
    for name, (source, printed) in QUICK.items():
        start = time.perf_counter()
        assert run(source).output == printed, name
        assert time.perf_counter() - start < 1.0, name


SLOW_C_CALL = "import torch\nx = torch.ones(8000, 8000)\ny = x @ x\nprint(y.sum())\n"  # one call of about 10 s
TOO_BIG = "import torch\nx = torch.ones(100, 100)\ny = torch.ones(20000, 20000)\n"
LOOSE = {"elements": 10**9, "alive": 10**12, "work": 10**15, "seconds": 1.0}  # the first wall out of the way


@pytest.mark.parametrize("forked", [False, True], ids=["page", "cli"])
def test_the_second_wall_says_which_wall_and_the_line(forked) -> None:
    """With the first wall's limits set aside, the worker's own: a C call past the time (killed, and the line
    it was on read from the file the child leaves), and more memory than the child may have."""
    script = f"""
import json
from explorer.snippet.limits import Limits
from explorer.snippet.worker import run_in_worker
for source in {json.dumps([SLOW_C_CALL, TOO_BIG])}:
    found = run_in_worker(source, limits=Limits(**{LOOSE!r}), forked={forked})
    print(json.dumps([found.refused.code, found.refused.line, str(found.refused)]))
"""
    if forked:  # the CLI's path forks its own child: from a process of its own, single-threaded like the CLI
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        answers = [json.loads(line) for line in done.stdout.splitlines()]
    else:
        found = [run_in_worker(source, limits=Limits(**LOOSE)) for source in (SLOW_C_CALL, TOO_BIG)]
        answers = [[f.refused.code, f.refused.line, str(f.refused)] for f in found]
    (slow, slow_line, slow_text), (big, big_line, big_text) = answers
    assert slow == "snippet.wall.seconds" and slow_line == 3, slow_text
    assert "ran past 4 s, so its process was stopped" in slow_text
    assert big == "snippet.memory" and big_line == 3, big_text
    assert "used more than its 1 GiB of memory" in big_text and "elements" not in big_text


def test_a_closed_pipe_ends_the_cli_quietly(tmp_path) -> None:
    path = tmp_path / "loud.py"
    path.write_text("for i in range(990):\n    print('x' * 99)\n", encoding="utf-8")
    for extra in ([], ["--in-process"]):
        reader = subprocess.Popen([sys.executable, "-m", "explorer", "run", *extra, str(path)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        reader.stdout.close()  # `| head` that has read all it wanted
        assert reader.wait(timeout=60) == 141  # as a writer killed by SIGPIPE ends
        assert reader.stderr.read() == b""


def test_text_the_terminal_cannot_encode_is_escaped(tmp_path) -> None:
    path = tmp_path / "surrogate.py"
    path.write_text('print("\\ud800")\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "explorer", "run", str(path)], capture_output=True, cwd=ROOT,
                          timeout=60)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, b"\\ud800\n", b"")


def test_the_json_of_a_large_run_is_bounded(tmp_path) -> None:
    path = tmp_path / "big.py"
    path.write_text("import torch\nx = torch.randn(1000, 1000, requires_grad=True)\n(x * 2).sum().backward()\n",
                    encoding="utf-8")  # fmt: skip
    for extra in ([], ["--in-process"]):
        done = subprocess.run([sys.executable, "-m", "explorer", "run", *extra, "--json", str(path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert done.returncode == 0 and len(done.stdout) < 100_000, len(done.stdout)  # 61 MB before
        leaf = next(n for n in json.loads(done.stdout)["graph"]["nodes"] if n["variable"] == "x")
        assert leaf["grad"] == {"shape": [1000, 1000], "min": 2.0, "max": 2.0}  # summarised, as on the page
