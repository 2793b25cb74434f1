"""Where a leaf's .grad came from: the earlier backward() calls whose gradients it already held when the walk
that is drawn began (PyTorch adds to .grad; it never replaces it).

Each call keeps, per leaf tensor (by id, so a renamed leaf or a new tensor under an old name is not mixed up), a
fingerprint of .grad before and after it (three sums, no copy of the tensor). Going
back from the drawn walk, a call whose "after" is what the next one found and which changed the leaf is one
of the calls that put something there; the chain ends where .grad was None or zero (zero_grad()), or where it
had been set some other way (`x.grad = ...`), which the drawing then says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from explorer.traced.graph import Earlier

Fingerprint = tuple[float, float, float] | None


def fingerprint(grad: torch.Tensor | None) -> Fingerprint:
    """Three sums of a .grad (None when there is none): its sum, its absolute sum and a sum weighted by position
    (so [1, 2] and [2, 1] differ), enough to tell whether it changed between calls."""
    if grad is None:
        return None
    g = grad.detach().double().reshape(-1)
    weights = torch.arange(1, g.numel() + 1, dtype=torch.float64) / max(1, g.numel())
    return float(g.sum()), float(g.abs().sum()), float((g * weights).sum())


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
    before: dict[int, Fingerprint]  # id(leaf tensor) -> its .grad before the call
    after: dict[int, Fingerprint]


def earlier(leaf: str, key: int, calls: list[Called], before: dict[int, Fingerprint]) -> Earlier | None:
    """The earlier calls that put what leaf `key` (called `leaf`) held in .grad when this walk began (`before`),
    oldest first."""
    current = before.get(key)
    if _empty(current):
        return None
    found: list[tuple[int, str]] = []
    for call in reversed(calls):
        if key not in call.after:
            continue
        if not _same(call.after[key], current):
            break  # changed between that call and the next: set by the snippet's own code
        if _same(call.before.get(key), call.after[key]):
            continue  # that call did not reach this leaf
        found.append((call.line, call.text))
        current = call.before.get(key)
        if _empty(current):
            break
    counted: list[tuple[int, str, int]] = []
    for line, text in reversed(found):  # oldest first, repeats of one call counted
        if counted and counted[-1][:2] == (line, text):
            counted[-1] = (line, text, counted[-1][2] + 1)
        else:
            counted.append((line, text, 1))
    return Earlier(leaf, tuple(counted), other=not _empty(current))
