"""A snippet's loss along one element of one leaf: the snippet replayed with that element moved by each
offset (the rest as it was, the same random state), next to the tangent whose slope is the gradient
autograd computed there. Bounded: too heavy a snippet is not replayed, and the page says so."""

from __future__ import annotations

import time

from explorer.traced.training import Along

from . import run
from .limits import Limits

POINTS = 11  # replays, the unmoved run among them
HEAVY = 0.25  # seconds one run may take for the replays to go ahead


def along(source: str, leaf: str, index: int, span: float, limits: Limits) -> Along:
    result = Along(leaf, index)
    base, result.seconds = _timed(source, limits)
    if result.seconds > HEAVY:  # a cold first run (imports, caches) is timed once more, warm
        base, result.seconds = _timed(source, limits)
    if not base.losses:
        result.problem = "no_loss"
        return result
    grads = base.first_grads.get(leaf)
    if grads is None or not 0 <= index < len(grads):
        result.problem = "no_leaf"
        return result
    if result.seconds > HEAVY:
        result.problem = "heavy"
        return result
    result.slope = grads[index]
    result.offsets = [span * (2 * i / (POINTS - 1) - 1) for i in range(POINTS)]
    for offset in result.offsets:
        moved = base if offset == 0 else run(source, limits, nudge=(leaf, index, offset))
        result.losses.append(moved.losses[0] if moved.losses else None)
    return result


def _timed(source: str, limits: Limits):
    start = time.perf_counter()
    base = run(source, limits)
    return base, time.perf_counter() - start
