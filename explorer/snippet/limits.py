"""Every bound a snippet runs within, and the refusal that names the one it went over.

The bounds are checked by our own code before each piece of work (the interpreter counts steps,
loop iterations and elements before a tensor is made), so a heavy snippet is stopped with a
message naming the limit and the line, never by running out of memory. The worker process's
own time and memory limits (explorer/snippet/worker.py) are the second wall behind these.
"""

from __future__ import annotations

import math
import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from explorer.i18n import Message, Mistake

if TYPE_CHECKING:  # (only for the annotation: progress.py is the second wall's side)
    from .progress import Progress


@dataclass(frozen=True)
class Limits:
    source_chars: int = 20_000
    lines: int = 400
    nesting: int = 30  # brackets inside each other in the text (deep nesting can crash CPython's parser)
    depth: int = 60  # levels of the syntax tree
    elements: int = 1_000_000  # of one tensor
    alive: int = 20_000_000  # elements of all tensors alive at once (80 MB in float32)
    work: int = 2_000_000_000  # element-operations in total (a 1000 x 1000 matmul is 1e9)
    steps: int = 200_000  # expressions and statements evaluated
    iterations: int = 10_000  # loop iterations, all loops together
    seconds: float = 5.0  # wall time, checked between steps
    output: int = 100_000  # characters printed
    sequence: int = 10_000  # items of a list, tuple or range
    chars: int = 100_000  # characters of one string made at once (str(), %, f-strings, +, *)
    items: int = 1_000_000  # items of nested lists one operation walks through (==, max, str, torch.tensor)
    made: int = 10_000_000  # items of lists and tuples and characters of strings made in all (Python's memory)
    int_bits: int = 4_096  # size of a Python integer result (no 10 ** 10 ** 10)
    frames: int = 100  # calls of the snippet's own functions inside each other (recursion)
    memory: int = 1 << 30  # bytes the worker process may add to what it starts with (the second wall)
    figures: int = 20  # matplotlib figures drawn in one run
    axes: int = 64  # axes (subplots) in one figure
    points: int = 100_000  # numbers drawn in one figure (each x and y, each bar, each pixel's value)


LIMIT_NAMES = {  # catalog keys of each limit's name, for the messages
    "source_chars": "snippet.limit.source_chars", "lines": "snippet.limit.lines", "nesting": "snippet.limit.nesting",
    "depth": "snippet.limit.depth", "elements": "snippet.limit.elements", "alive": "snippet.limit.alive",
    "work": "snippet.limit.work", "steps": "snippet.limit.steps", "iterations": "snippet.limit.iterations",
    "seconds": "snippet.limit.seconds", "output": "snippet.limit.output", "sequence": "snippet.limit.sequence",
    "chars": "snippet.limit.chars", "items": "snippet.limit.items", "int_bits": "snippet.limit.int_bits",
    "memory": "snippet.limit.memory", "made": "snippet.limit.made", "frames": "snippet.limit.frames",
    "figures": "snippet.limit.figures", "axes": "snippet.limit.axes", "points": "snippet.limit.points",
}  # fmt: skip


class Refused(Mistake):
    """A snippet that is not run, or stopped: what is not allowed, where, and what to write instead.

    `code` is a catalog key of explorer.i18n with `params`; `str()` is the English, with the place."""

    def __init__(self, code: str, line: int = 0, column: int = 0, **params: object):
        self.code, self.line, self.column, self.params = code, line, column, dict(params)
        named = {k: Message(str(v)) if k == "limit" else v for k, v in self.params.items()}  # a limit's name: a key
        what = Message(code, named)
        super().__init__(Message("snippet.at", {"line": line, "column": column + 1, "what": what}) if line else what)


DEFAULT_LIMITS = Limits()  # the bounds every run has unless a caller (a test) asks for others


def over(limits: Limits, limit: str, value: object, line: int = 0) -> Refused:
    """The refusal for going over one limit: its name, the value reached and the bound."""
    bound = getattr(limits, limit)
    return Refused("snippet.limit", line, 0, limit=LIMIT_NAMES[limit], value=value,
                   bound=f"{bound:,}" if isinstance(bound, int) else f"{bound:g}")  # fmt: skip


@dataclass
class Budget:
    """The counters of one run: each check raises Refused("snippet.limit") naming the limit."""

    limits: Limits = field(default_factory=Limits)
    steps: int = 0
    iterations: int = 0
    work: int = 0
    alive: int = 0
    printed: int = 0
    made: int = 0
    started: float = field(default_factory=time.monotonic)
    progress: Progress | None = None  # where a worker leaves the line it is on, for the second wall's message
    _line: int = 0

    @property
    def line(self) -> int:
        """The line being run, for the messages."""
        return self._line

    @line.setter
    def line(self, line: int) -> None:
        if line != self._line:
            self._line = line
            if self.progress is not None:
                self.progress.write(line)

    def over(self, limit: str, value: object) -> Refused:
        return over(self.limits, limit, value, self.line)

    def step(self, statement: bool = False) -> None:
        """One more expression or statement; at every statement (and every 64th step) the clock is read too,
        so a few long PyTorch calls in a row are stopped at the next line."""
        self.steps += 1
        if self.steps > self.limits.steps:
            raise self.over("steps", self.steps)
        if (statement or self.steps % 64 == 0) and time.monotonic() - self.started > self.limits.seconds:
            raise self.over("seconds", f"{time.monotonic() - self.started:.1f}")

    def iterate(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.iterations:
            raise self.over("iterations", self.iterations)

    def elements(self, numel: int, work: int | None = None) -> None:
        """Before a tensor of `numel` elements is made (and `work` element-operations spent on it)."""
        if numel > self.limits.elements:
            raise self.over("elements", f"{numel:,}")
        if self.alive + numel > self.limits.alive:
            raise self.over("alive", f"{self.alive + numel:,}")
        self.spend(numel if work is None else work)

    def spend(self, work: int) -> None:
        """Before `work` element-operations that make no large tensor (a sum, a view)."""
        self.work += work
        if self.work > self.limits.work:
            raise self.over("work", f"{self.work:,}")

    def keep(self, tensor: object) -> None:
        """Count a tensor that now exists as alive until it is freed."""
        numel = tensor.numel()  # type: ignore[attr-defined]
        self.alive += numel
        weakref.finalize(tensor, self._freed, numel)

    def _freed(self, numel: int) -> None:
        self.alive -= numel

    def sequence(self, length: int) -> None:
        if length > self.limits.sequence:
            raise self.over("sequence", f"{length:,}")

    def text(self, length: int) -> None:
        """Before a string of `length` characters is made."""
        if length > self.limits.chars:
            raise self.over("chars", f"{length:,}")
        self.making(length)

    def making(self, length: int) -> None:
        """Before a list, tuple or string of `length` items is made: Python's own memory, counted in all (10,000
        lists of 10,000 items are each allowed, and 800 MB together)."""
        self.made += length
        if self.made > self.limits.made:
            raise self.over("made", f"{self.made:,}")

    def walked(self, items: int) -> None:
        """Items of nested lists an operation walks through (counted as it walks, so it stops early)."""
        if items > self.limits.items:
            raise self.over("items", f"more than {self.limits.items:,}")

    def integer(self, value: int) -> int:
        if value.bit_length() > self.limits.int_bits:
            raise self.over("int_bits", value.bit_length())
        return value

    def power_bits(self, base: int, exponent: int) -> None:
        """Refuse an integer power before computing it: 10 ** 10 ** 10 would take forever."""
        if exponent > 0 and abs(base) > 1:
            bits = exponent * math.log2(abs(base))
            if bits > self.limits.int_bits:
                raise self.over("int_bits", f"{bits:,.0f}")

    def output(self, text: str) -> None:
        self.printed += len(text)
        if self.printed > self.limits.output:
            raise self.over("output", f"{self.printed:,}")
