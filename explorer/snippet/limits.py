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
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..i18n import t


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
    sequence: int = 10_000  # items of a list, tuple or range; characters of a string
    int_bits: int = 4_096  # size of a Python integer result (no 10 ** 10 ** 10)


LIMIT_NAMES = {  # catalog keys of each limit's name, for the messages
    "source_chars": "snippet.limit.source_chars", "lines": "snippet.limit.lines", "nesting": "snippet.limit.nesting",
    "depth": "snippet.limit.depth", "elements": "snippet.limit.elements", "alive": "snippet.limit.alive",
    "work": "snippet.limit.work", "steps": "snippet.limit.steps", "iterations": "snippet.limit.iterations",
    "seconds": "snippet.limit.seconds", "output": "snippet.limit.output", "sequence": "snippet.limit.sequence",
    "int_bits": "snippet.limit.int_bits",
}  # fmt: skip


class Refused(ValueError):
    """A snippet that is not run, or stopped: what is not allowed, where, and what to write instead.

    `code` is a catalog key of explorer.i18n with `params`; `str()` is the English, with the place."""

    def __init__(self, code: str, line: int = 0, column: int = 0, **params: object):
        self.code, self.line, self.column, self.params = code, line, column, dict(params)
        super().__init__(self.localized("en"))

    def localized(self, lang: str) -> str:
        params = {k: t(v, lang) if k == "limit" else v for k, v in self.params.items()}  # a limit's name: a key
        what = t(self.code, lang, **params)
        return t("snippet.at", lang, line=self.line, column=self.column + 1, what=what) if self.line else what


def over(limits: Limits, limit: str, value: object, line: int = 0) -> Refused:
    """The refusal for going over one limit: its name, the value reached and the bound."""
    bound = getattr(limits, limit)
    return Refused("snippet.limit", line, 0, limit=LIMIT_NAMES[limit], value=value,
                   bound=f"{bound:,}" if isinstance(bound, int) else f"{bound:g}")  # fmt: skip


@dataclass
class Budget:
    """The counters of one run: each check raises Refused("snippet.limit") naming the limit."""

    limits: Limits = field(default_factory=Limits)
    line: int = 0  # the line being run, for the messages
    steps: int = 0
    iterations: int = 0
    work: int = 0
    alive: int = 0
    printed: int = 0
    started: float = field(default_factory=time.monotonic)

    def over(self, limit: str, value: object) -> Refused:
        return over(self.limits, limit, value, self.line)

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.steps:
            raise self.over("steps", self.steps)
        if self.steps % 64 == 0 and time.monotonic() - self.started > self.limits.seconds:
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
        self.work += numel if work is None else work
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


def describe(limits: Limits) -> Mapping[str, object]:
    """The limits as plain data (for the README, the CLI's help and the page)."""
    return {name: getattr(limits, name) for name in Limits.__dataclass_fields__}
