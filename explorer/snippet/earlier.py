"""Where a leaf's .grad came from: the earlier backward() calls whose gradients it already held when the walk
that is drawn began (PyTorch adds to .grad; it never replaces it).

Each call keeps, per leaf, a fingerprint of .grad before and after it (two sums, no copy of the tensor). Going
back from the drawn walk, a call whose "after" is what the next one found and which changed the leaf is one
of the calls that put something there; the chain ends where .grad was None or zero (zero_grad()), or where it
had been set some other way (`x.grad = ...`), which the drawing then says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from ..graph import Earlier

Fingerprint = tuple[float, float] | None


def fingerprint(grad: torch.Tensor | None) -> Fingerprint:
    """Two sums of a .grad (None when there is none): enough to tell whether it changed between calls."""
    if grad is None:
        return None
    g = grad.detach().double()
    return float(g.sum()), float(g.abs().sum())


def _same(a: Fingerprint, b: Fingerprint) -> bool:
    if a is None or b is None:
        return a is b
    return all(x == y or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(x) and math.isnan(y))
               for x, y in zip(a, b, strict=True))  # fmt: skip


def _empty(print_: Fingerprint) -> bool:
    return print_ is None or print_[1] == 0.0


@dataclass(frozen=True)
class Called:
    """One earlier walk: where it was called, how it was written, and each leaf's .grad around it."""

    line: int
    text: str
    before: dict[str, Fingerprint]
    after: dict[str, Fingerprint]


def earlier(leaf: str, calls: list[Called], before: dict[str, Fingerprint]) -> Earlier | None:
    """The earlier calls that put what `leaf`'s .grad held when this walk began (`before`), oldest first."""
    current = before.get(leaf)
    if _empty(current):
        return None
    found: list[tuple[int, str]] = []
    for call in reversed(calls):
        if leaf not in call.after:
            continue
        if not _same(call.after[leaf], current):
            break  # changed between that call and the next: set by the snippet's own code
        if _same(call.before.get(leaf), call.after[leaf]):
            continue  # that call did not reach this leaf
        found.append((call.line, call.text))
        current = call.before.get(leaf)
        if _empty(current):
            break
    counted: list[tuple[int, str, int]] = []
    for line, text in reversed(found):  # oldest first, repeats of one call counted
        if counted and counted[-1][:2] == (line, text):
            counted[-1] = (line, text, counted[-1][2] + 1)
        else:
            counted.append((line, text, 1))
    return Earlier(leaf, tuple(counted), other=not _empty(current))
