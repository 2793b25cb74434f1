"""Stage 4 of the pipeline: f and its derivatives over grids, from one batched pass each.

The plotted variables become tensors of grid points that require grad; the other variables
stay at their current values. Every grid point is independent of the others, so the
gradient of `f.sum()` with respect to the grid is f' at every point at once, and a second
`autograd.grad` of that (built with `create_graph=True`) is f''. No loop over points.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import torch

from explorer.formula.forward import DTYPES, forward
from explorer.formula.tree import Formula
from explorer.traced.curves import Curve, Surface

GRID_POINTS = 401
SURFACE_POINTS = 101  # per side


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
