"""The one child runner: a job in a child process that sets its own memory limit and is killed after its time.

Two ways to get the child, one way to run it (`run_job`): the fork server forks it from its warm process
(explorer/workers/forkserver.py: the threaded Streamlit server must never fork itself), and a single-threaded
caller (the CLI, a test) forks itself (`ask_forked`), which is cheaper. Either way only JSON comes back.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import time
from collections.abc import Callable

MAX_ANSWER = 64 << 20


def address_space() -> int:
    """This process's address space in bytes: a child's memory limit is counted on top of what it inherits."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def run_job(request: dict, job: Callable[[dict], dict]) -> dict:
    """In a child: limit ourselves (memory, and a last alarm should the parent not kill us in time), run the job,
    return its answer."""
    limit = address_space() + int(request.get("memory", 1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.alarm(int(request.get("seconds", 10)) + 2)
    try:
        return job(request)
    except MemoryError:
        return {"failed": "memory"}


def ask_forked(request: dict, seconds: float, job: Callable[[dict], dict]) -> tuple[dict, int]:
    """One job in a child forked from this process (a single-threaded one: the CLI, a test), killed after
    `seconds`: its answer ({"failed": "timeout" | "died"} when it overran or crashed) and the peak memory of the
    child in KiB, as the kernel counted it."""
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(readable)
        try:
            data = json.dumps(run_job(request, job)).encode() + b"\n"
            with os.fdopen(writable, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(writable)
    answer = _collect(readable, pid, seconds)
    _, _, usage = os.wait4(pid, 0)
    return answer, usage.ru_maxrss


def _collect(readable: int, pid: int, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    data = b""
    with os.fdopen(readable, "rb", buffering=0) as stream:
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stream], [], [], left)[0]:
                if time.monotonic() >= deadline:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                    return {"failed": "timeout"}
                continue
            chunk = stream.read(1 << 16)
            if not chunk:
                return {"failed": "died"}
            data += chunk
            if len(data) > MAX_ANSWER:
                os.kill(pid, signal.SIGKILL)
                return {"failed": "died"}
    try:
        return json.loads(data)
    except ValueError:
        return {"failed": "died"}
