"""The guard around every subcommand: a user's mistake is one `error:` line and status 2, never a traceback."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument raises UsageError, so the guard writes it as one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


class Failed(Exception):
    """The snippet raised: its output is printed, PyTorch's error line goes to stderr, the status is 1."""


def guarded(command: Callable[[list[str]], None], argv: list[str]) -> int:
    """Run a command; a user's mistake is one `error:` line and status 2, never a traceback. Text a terminal
    cannot encode (a lone surrogate a snippet printed) is written as a backslash escape; when the reader of our
    output goes away (`| head`), the command stops quietly with the status a killed pipe writer has."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        command(argv)
        sys.stdout.flush()
        return 0
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):  # Python's own flush at exit stays quiet
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Failed:
        return 1
    except UsageError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 (never a traceback for a user)
        print(f"error: internal error ({type(exc).__name__}): {one_line(str(exc))}", file=sys.stderr)
        return 1


def one_line(text: str) -> str:
    """An argument may contain a line break (--at $'x=1\\n2'); the error stays one line."""
    return "\\n".join(text.splitlines())
