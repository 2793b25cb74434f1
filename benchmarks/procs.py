"""A server's processes as /proc shows them: the tree below a process, its memory, its CPU time."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def tree(pids: list[int]) -> Iterator[int]:
    """These processes and all their descendants, each once."""
    seen: set[int] = set()
    todo = list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        yield pid
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue


def resident_mib(pids: list[int]) -> float:
    """Resident memory of these processes and all their descendants, in MiB."""
    total = 0
    for pid in tree(pids):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User + system time of a process and its descendants so far (waited-for children included)."""
    total = 0.0
    for p in tree([pid]):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
    return total
