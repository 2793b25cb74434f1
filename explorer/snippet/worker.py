"""The second wall: every snippet the page runs, runs in a child process with a time and a memory limit.

Children are forked by explorer/forkserver.py, a single-threaded process started once with torch
imported and warmed up, never from the threaded Streamlit server. The child answers with JSON
text only, so even a child that went wrong cannot make the server unpickle (run) anything.
"""

from __future__ import annotations

import dataclasses
from importlib import resources

from ..forkserver import CLIENT
from .along import Along
from .limits import Limits, Refused, over
from .result import SnippetRun, from_data, to_data

MEMORY = 1 << 30  # bytes a child may add to what it starts with
MARGIN = 3.0  # seconds beyond the interpreter's own time limit before the child is killed
WARM = ("tutorial_loss.py", "mlp_adam.py")  # run once in the fork server: PyTorch's first-use work (about 2 s)
DEFAULT = Limits()


def job(request: dict) -> dict:
    """In the child (or, with "warm", in the fork server itself): one run, as JSON-ready data."""
    from . import run
    from .along import along

    if request.get("warm"):
        for example in WARM:
            run(resources.files(__package__).joinpath("examples", example).read_text(encoding="utf-8"))
        return {}
    limits = Limits(**request["limits"])
    if "along" in request:
        leaf, index, span = request["along"]
        return along(str(request["source"]), str(leaf), int(index), float(span), limits).data()
    follow = request.get("follow")
    return to_data(run(str(request["source"]), limits, request.get("graph_of"), request.get("jacobian_of"),
                       follow=None if follow is None else (str(follow[0]), int(follow[1]))))


def start() -> None:
    """Start the fork server now (when the app starts), so that the first visitor does not wait for it."""
    CLIENT.start()


def _ask(request: dict, limits: Limits) -> dict:
    request = {**request, "job": "snippet", "limits": dataclasses.asdict(limits), "seconds": limits.seconds + MARGIN,
               "memory": MEMORY}  # fmt: skip
    return CLIENT.ask(request, limits.seconds + MARGIN)


def along_in_worker(source: str, leaf: str, index: int, span: float, limits: Limits = DEFAULT) -> Along | None:
    """The loss along one element of a leaf (explorer/snippet/along.py), replayed in a child; None if it failed."""
    answer = _ask({"source": source, "along": [leaf, index, span]}, limits)
    try:
        return Along(**answer) if "failed" not in answer else None
    except TypeError:
        return None


def ask_run(source: str, graph_of: str | None = None, limits: Limits = DEFAULT,
            jacobian_of: str | None = None, follow: tuple[str, int] | None = None) -> dict:  # fmt: skip
    """`explorer.snippet.run` in a child process, its answer as plain data (cheap to cache and copy)."""
    return _ask({"source": source, "graph_of": graph_of, "jacobian_of": jacobian_of,
                 "follow": None if follow is None else list(follow)}, limits)  # fmt: skip


def run_from(answer: dict, limits: Limits = DEFAULT) -> SnippetRun:
    """The run a child answered; a child that overran or died is a refusal, not a hang."""
    if answer.get("failed") == "timeout":
        return SnippetRun(refused=over(limits, "seconds", f"{limits.seconds + MARGIN:g}"))
    if "failed" in answer:
        return SnippetRun(refused=over(limits, "alive", "?") if answer["failed"] == "memory"
                          else Refused("snippet.worker_died"))  # fmt: skip
    try:
        return from_data(answer)
    except (KeyError, TypeError, ValueError):
        return SnippetRun(refused=Refused("snippet.worker_died"))


def run_in_worker(source: str, graph_of: str | None = None, limits: Limits = DEFAULT,
                  jacobian_of: str | None = None, follow: tuple[str, int] | None = None) -> SnippetRun:  # fmt: skip
    return run_from(ask_run(source, graph_of, limits, jacobian_of, follow), limits)
