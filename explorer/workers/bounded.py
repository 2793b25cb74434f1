"""Run a function in a child process that can be stopped: a time limit and a memory limit.

SymPy can take unbounded time and memory on small inputs (`9^9^9` asks it for an integer
with 370 million digits). Work like that runs here, never in the caller's thread: the
child is forked (cheap: SymPy is already imported), capped with RLIMIT_AS, and killed
when the time is up. The caller gets a plain `Outcome` either way.

Forking is safe only in a process with one thread (the CLI, a unit test): a fork copies any
lock another thread holds at that moment, and the child can deadlock on it. The threaded
Streamlit server therefore never calls this; its children come from the fork server
(explorer/workers/forkserver.py, explorer/formula/symbolic_job.py).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_SECONDS = 1.5  # a heavy formula is answered or given up on within 2 s
DEFAULT_MEMORY = 1 << 30  # bytes the child may add to what it inherits


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    reason: str = ""  # why there is no value: "timeout", "memory", "crashed" or an error text


def _address_space() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(conn: Any, fn: Callable[..., Any], args: tuple, memory: int) -> None:
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(Outcome(True, fn(*args)))
    except MemoryError:
        conn.send(Outcome(False, reason="memory"))
    except RecursionError:
        conn.send(Outcome(False, reason="recursion"))
    except Exception as exc:  # noqa: BLE001 (any failure of the symbolic side is data)
        conn.send(Outcome(False, reason=f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


def run_bounded(
    fn: Callable[..., Any], *args: Any, seconds: float = DEFAULT_SECONDS, memory: int = DEFAULT_MEMORY
) -> Outcome:
    """Call `fn(*args)` in a forked child; give up after `seconds` or `memory` extra bytes."""
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, fn, args, memory), daemon=True)
    proc.start()
    sender.close()
    try:
        if receiver.poll(seconds):
            return receiver.recv()
        return Outcome(False, reason="timeout")
    except (EOFError, OSError):
        return Outcome(False, reason="crashed")
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join()
