"""What the second wall needs to know of a run: the line a worker is on (`Progress`), and the worker's memory as
the messages write it. The first wall's bounds are explorer/snippet/limits.py; the worker is worker.py."""

from __future__ import annotations

import os

from .limits import Limits


class Progress:
    """The line a worker is on, in a small shared file the process that waits for it reads when it has to stop
    the worker (a C call that runs past the time limit never returns to our checks)."""

    def __init__(self, path: str) -> None:
        import mmap

        with open(path, "w+b") as f:
            f.write(b"\0" * 4)
            f.flush()
            self._map = mmap.mmap(f.fileno(), 4)

    def write(self, line: int) -> None:
        self._map[:4] = min(line, 2**31 - 1).to_bytes(4, "little")

    @staticmethod
    def read(path: str) -> int:
        """The line written there (0: none), and the file removed."""
        try:
            with open(path, "rb") as f:
                data = f.read(4)
            os.unlink(path)
        except OSError:
            return 0
        return int.from_bytes(data, "little") if len(data) == 4 else 0


def memory_text(limits: Limits) -> str:
    """The worker's memory, as the messages write it: `1 GiB`, `512 MiB`."""
    gib = limits.memory / (1 << 30)
    return f"{gib:g} GiB" if gib >= 1 else f"{limits.memory / (1 << 20):g} MiB"
