"""The plots' record: f and its derivatives along a line (Curve) and over a square (Surface), as plain lists,
and what every plot of them needs to know: where a curve jumps between infinities, where it is undefined, and
a y range that shows its bulk. The formula door makes them (explorer/formula/grids.py); the figures read them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ARROWS = 15  # per side, on the coarse grid of gradient arrows


@dataclass(frozen=True)
class Curve:
    variable: str
    xs: list[float]
    f: list[float | None]  # None where f is undefined or infinite: a gap in the plot
    df: list[float | None]
    d2f: list[float | None] | None = None  # f'', when asked for


@dataclass(frozen=True)
class Surface:
    """f and its gradient on a square grid: rows follow ys, columns follow xs."""

    variables: tuple[str, str]
    xs: list[float]
    ys: list[float]
    f: list[list[float | None]]
    dfx: list[list[float | None]]
    dfy: list[list[float | None]]


def poles(values: list[float | None]) -> tuple[int, ...]:
    """The grid intervals (i, i + 1) across which the curve jumps from one infinity to the other.

    There the values change sign while growing in size towards the interval from both sides:
    1/x has -20, -40 at x = -0.05, -0.025 and then 2.2e7, 40 at x = 4.5e-8, 0.025 (float32's grid
    point next to 0). Joining -40 to 2.2e7 would draw a vertical line through the pole; a sign
    change through zero (tanh(100x), or 1/tan(x) at pi/2) shrinks towards the interval instead."""
    found = []
    for i in range(len(values) - 1):
        a, b = values[i], values[i + 1]
        if a is None or b is None or a * b >= 0:
            continue
        before = values[i - 1] if i > 0 else None
        after = values[i + 2] if i + 2 < len(values) else None
        if before is not None and after is not None and abs(a) > abs(before) and abs(b) > abs(after):
            found.append(i)
    return tuple(found)


def broken(xs: list[float], values: list[float | None], at: tuple[int, ...]) -> tuple[list, list]:
    """The curve with a gap (x halfway between the two points, value None) after each index in `at`."""
    cut = set(at)
    bx: list = []
    by: list = []
    for i, (x, v) in enumerate(zip(xs, values, strict=True)):
        bx.append(x)
        by.append(v)
        if i in cut:
            bx.append((x + xs[i + 1]) / 2)
            by.append(None)
    return bx, by


def undefined_runs(xs: list[float], values: list[float | None]) -> list[tuple[float, float]]:
    """The stretches of the grid where values are missing, as (first x, last x) pairs."""
    runs: list[tuple[float, float]] = []
    start = None
    for i, (x, v) in enumerate(zip(xs, values, strict=True)):
        if v is None and start is None:
            start = x
        elif v is not None and start is not None:
            runs.append((start, xs[i - 1]))
            start = None
    if start is not None:
        runs.append((start, xs[-1]))
    return runs


def focus_range(values: list[float | None], keep: float | None = None) -> tuple[float, float] | None:
    """A y range that shows the bulk of a curve when a few points shoot off (1/x near 0).

    None when the whole curve already fits: Plotly's own autorange is then best."""
    finite = np.array([v for v in values if v is not None], dtype=float)
    if finite.size < 10:
        return None
    lo, hi = np.percentile(finite, [2, 98])
    span = hi - lo
    full = finite.max() - finite.min()
    if span <= 0 or full <= 4 * span:
        return None
    lo, hi = lo - 0.15 * span, hi + 0.15 * span
    if keep is not None and math.isfinite(keep):
        lo, hi = min(lo, keep - 0.1 * span), max(hi, keep + 0.1 * span)
    return float(lo), float(hi)
