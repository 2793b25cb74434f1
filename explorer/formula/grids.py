"""Stage 4 of the pipeline: f and its derivatives over grids, from one batched pass each.

The plotted variables become tensors of grid points that require grad; the other variables
stay at their current values. Every grid point is independent of the others, so the
gradient of `f.sum()` with respect to the grid is f' at every point at once, and a second
`autograd.grad` of that (built with `create_graph=True`) is f''. No loop over points.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import torch

from explorer.formula.forward import DTYPES, forward
from explorer.formula.tree import Formula

GRID_POINTS = 401
SURFACE_POINTS = 101  # per side
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


def _gaps(values: torch.Tensor) -> list:
    """Plain lists for Plotly; NaN and ±inf become None, which Plotly draws as a gap."""
    array = values.detach().cpu().double().numpy()
    return np.where(np.isfinite(array), array, None).tolist()


def default_range(centre: float) -> tuple[float, float]:
    return (centre - 5.0, centre + 5.0)


def _grad(f: torch.Tensor, inputs: list[torch.Tensor], create_graph: bool = False) -> list[torch.Tensor]:
    """Gradient of f.sum() for each input; zeros for inputs f does not depend on."""
    if not f.requires_grad:
        return [torch.zeros_like(t) for t in inputs]
    return list(torch.autograd.grad(f.sum(), inputs, create_graph=create_graph, materialize_grads=True))


def _on_grid(formula: Formula, grids: Mapping[str, torch.Tensor], point: Mapping[str, float], dtype: str):
    """Forward over the grid: plotted variables are grid tensors, the rest stay fixed numbers."""
    values: dict[str, float | torch.Tensor] = dict(point)
    values.update(grids)
    fixed = {name: False for name in formula.variables if name not in grids}
    f = forward(formula, values, fixed, dtype).output
    shape = next(iter(grids.values())).shape
    return f.expand(shape) if f.shape != shape else f


def curve(
    formula: Formula,
    variable: str,
    point: Mapping[str, float],
    lo: float,
    hi: float,
    dtype: str = "float32",
    points: int = GRID_POINTS,
    second: bool = False,
) -> Curve:
    """f, df/d(variable) and optionally d²f/d(variable)² at `points` values from lo to hi."""
    grid = torch.linspace(lo, hi, points, dtype=DTYPES[dtype], requires_grad=True)
    f = _on_grid(formula, {variable: grid}, point, dtype)
    (df,) = _grad(f, [grid], create_graph=second)
    d2f = _grad(df, [grid])[0] if second else None
    defined = torch.isfinite(f.detach())
    nan = torch.tensor(math.nan, dtype=grid.dtype)
    df = torch.where(defined, df.detach(), nan)  # no slope where f itself is undefined
    return Curve(
        variable,
        grid.detach().tolist(),
        _gaps(f),
        _gaps(df),
        None if d2f is None else _gaps(torch.where(defined, d2f, nan)),
    )


def surface(
    formula: Formula,
    variables: tuple[str, str],
    point: Mapping[str, float],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    dtype: str = "float32",
    points: int = SURFACE_POINTS,
) -> Surface:
    """f and ∂f/∂x, ∂f/∂y on a points × points grid: one forward, one backward."""
    torch_dtype = DTYPES[dtype]
    xs = torch.linspace(*x_range, points, dtype=torch_dtype)
    ys = torch.linspace(*y_range, points, dtype=torch_dtype)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    gx, gy = gx.clone().requires_grad_(True), gy.clone().requires_grad_(True)
    f = _on_grid(formula, {variables[0]: gx, variables[1]: gy}, point, dtype)
    dfx, dfy = _grad(f, [gx, gy])
    return Surface(variables, xs.tolist(), ys.tolist(), _gaps(f), _gaps(dfx), _gaps(dfy))


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
