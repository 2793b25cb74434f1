"""The second wall: every snippet the page and the CLI run, runs in a child process with a time and a memory limit.

For the page, children are forked by explorer/workers/forkserver.py, a single-threaded process started once with torch
imported and warmed up, never from the threaded Streamlit server; the CLI, single-threaded itself, forks its
own child with the same job and limits (`forked`). The child answers with JSON text only, so even a child that
went wrong cannot make the parent unpickle (run) anything, and leaves the line it is on in a small file, so
that a child stopped by a wall is reported with its line.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import uuid
from importlib import resources

from explorer.traced.training import Along
from explorer.workers.child import ask_forked
from explorer.workers.forkserver import CLIENT

from .limits import DEFAULT_LIMITS, Limits, Refused
from .progress import Progress, memory_text
from .result import SnippetRun, from_data, to_data

MARGIN = 3.0  # seconds beyond the interpreter's own time limit before the child is killed
WARM = ("tutorial_loss.py", "mlp_adam.py")  # run once in the fork server: PyTorch's first-use work (about 2 s)


def job(request: dict) -> dict:
    """In the child (or, with "warm", in the fork server itself): one run, as JSON-ready data."""
    from . import run
    from .along import along

    if request.get("warm"):
        for example in WARM:
            run(resources.files(__package__).joinpath("examples", example).read_text(encoding="utf-8"))
        return {}
    import torch

    torch.set_num_threads(1)  # as in the fork server: the same numbers whichever process runs the snippet
    limits = Limits(**request["limits"])
    progress = Progress(str(request["progress"])) if request.get("progress") else None
    if "along" in request:
        leaf, index, span = request["along"]
        return along(str(request["source"]), str(leaf), int(index), float(span), limits).data()
    follow = request.get("follow")
    return to_data(run(str(request["source"]), limits, request.get("graph_of"), request.get("jacobian_of"),
                       follow=None if follow is None else (str(follow[0]), int(follow[1])), progress=progress))


def start() -> None:
    """Start the fork server now (when the app starts), so that the first visitor does not wait for it."""
    CLIENT.start()


def _ask(request: dict, limits: Limits, forked: bool = False) -> dict:
    """A job in a child with the limits: from the fork server (the threaded app), or forked from this process
    (`forked`: the CLI, single-threaded). A child that had to be stopped is answered with the line it was on."""
    folder = tempfile.mkdtemp(prefix="explorer-") if forked else CLIENT.folder  # private: mode 0700
    progress = os.path.join(folder, f"line-{uuid.uuid4().hex}")
    request = {**request, "job": "snippet", "limits": dataclasses.asdict(limits), "seconds": limits.seconds + MARGIN,
               "memory": limits.memory, "progress": progress}  # fmt: skip
    seconds = limits.seconds + MARGIN
    answer = ask_forked(request, seconds, job)[0] if forked else CLIENT.ask(request, seconds)
    line = Progress.read(progress)
    if forked:
        os.rmdir(folder)
    return {**answer, "line": line} if "failed" in answer else answer


def along_in_worker(source: str, leaf: str, index: int, span: float, limits: Limits = DEFAULT_LIMITS) -> Along | None:
    """The loss along one element of a leaf (explorer/snippet/along.py), replayed in a child; None if it failed."""
    answer = _ask({"source": source, "along": [leaf, index, span]}, limits)
    try:
        return Along(**answer) if "failed" not in answer else None
    except TypeError:
        return None


def ask_run(source: str, graph_of: str | None = None, limits: Limits = DEFAULT_LIMITS, jacobian_of: str | None = None,
            follow: tuple[str, int] | None = None, forked: bool = False) -> dict:  # fmt: skip
    """`explorer.snippet.run` in a child process, its answer as plain data (cheap to cache and copy)."""
    return _ask({"source": source, "graph_of": graph_of, "jacobian_of": jacobian_of,
                 "follow": None if follow is None else list(follow)}, limits, forked)  # fmt: skip


def run_from(answer: dict, limits: Limits = DEFAULT_LIMITS) -> SnippetRun:
    """The run a child answered; a child that overran, ran out of memory or died is a refusal that says which
    wall stopped it, and on which line when that is known."""
    line = int(answer.get("line") or 0)
    failed = answer.get("failed")
    if failed == "timeout":
        return SnippetRun(refused=Refused("snippet.wall.seconds", line, seconds=f"{limits.seconds + MARGIN:g}"))
    if failed == "memory":
        return SnippetRun(refused=Refused("snippet.wall.memory", line, memory=memory_text(limits)))
    if failed is not None:
        return SnippetRun(refused=Refused("snippet.worker_died", line))
    try:
        return from_data(answer)
    except (KeyError, TypeError, ValueError):
        return SnippetRun(refused=Refused("snippet.worker_died"))


def run_in_worker(source: str, graph_of: str | None = None, limits: Limits = DEFAULT_LIMITS,
                  jacobian_of: str | None = None, follow: tuple[str, int] | None = None,
                  forked: bool = False) -> SnippetRun:  # fmt: skip
    return run_from(ask_run(source, graph_of, limits, jacobian_of, follow, forked), limits)
