"""Stage 4 of the pipeline: f and f' over a grid, from one batched forward and backward.

The plotted variable becomes a 1-D tensor of grid points that requires grad; the other
variables stay at their current values. Every grid point is independent of the others,
so the gradient of `f.sum()` with respect to the grid is f' at every point at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from .build import DTYPES, forward
from .parse import Formula

GRID_POINTS = 401


@dataclass(frozen=True)
class Curve:
    variable: str
    xs: list[float]
    f: list[float | None]  # None where f is undefined or infinite: a gap in the plot
    df: list[float | None]


def _gaps(values: torch.Tensor) -> list[float | None]:
    return [v if math.isfinite(v) else None for v in values.tolist()]


def default_range(centre: float) -> tuple[float, float]:
    return (centre - 5.0, centre + 5.0)


def curve(
    formula: Formula,
    variable: str,
    point: Mapping[str, float],
    lo: float,
    hi: float,
    dtype: str = "float32",
    points: int = GRID_POINTS,
) -> Curve:
    """f and df/d(variable) on `points` evenly spaced values from lo to hi."""
    grid = torch.linspace(lo, hi, points, dtype=DTYPES[dtype], requires_grad=True)
    values: dict[str, float | torch.Tensor] = dict(point)
    values[variable] = grid
    others = {name: False for name in formula.variables if name != variable}
    f = forward(formula, values, others, dtype).output
    f = f.expand_as(grid) if f.dim() == 0 else f
    if f.requires_grad:
        (df,) = torch.autograd.grad(f.sum(), grid, allow_unused=True, materialize_grads=True)
    else:
        df = torch.zeros_like(grid)
    f = f.detach()
    df = torch.where(torch.isfinite(f), df, torch.nan)  # no slope where f itself is undefined
    return Curve(variable, grid.detach().tolist(), _gaps(f), _gaps(df))


def curve_figure(c: Curve, at: float, f_at: float, df_at: float | None) -> go.Figure:
    """Two stacked panels on one x axis: f on top, f' below, the current point marked."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, subplot_titles=("f", "f'"))
    v = c.variable
    fig.add_trace(
        go.Scatter(x=c.xs, y=c.f, mode="lines", name="f", line={"color": "#2563eb", "width": 2.5},
                   hovertemplate=f"{v}=%{{x:.4g}}<br>f=%{{y:.6g}}<extra></extra>"),
        row=1, col=1,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=c.xs, y=c.df, mode="lines", name=f"∂f/∂{v}", line={"color": "#dc2626", "width": 2.5},
                   hovertemplate=f"{v}=%{{x:.4g}}<br>f'=%{{y:.6g}}<extra></extra>"),
        row=2, col=1,
    )  # fmt: skip
    marks = [(f_at, 1, "#2563eb"), (df_at, 2, "#dc2626")]
    for y, row, colour in marks:
        if y is not None and math.isfinite(y):
            fig.add_trace(
                go.Scatter(x=[at], y=[y], mode="markers", showlegend=False, marker={"size": 11, "color": colour},
                           hovertemplate=f"current point<br>{v}=%{{x:.6g}}<br>%{{y:.6g}}<extra></extra>"),
                row=row, col=1,
            )  # fmt: skip
    fig.update_xaxes(title_text=v, row=2, col=1)
    fig.update_layout(
        height=460, margin={"l": 40, "r": 20, "t": 40, "b": 40}, uirevision=v,
        legend={"orientation": "h", "y": 1.1, "x": 1, "xanchor": "right"},
    )  # fmt: skip
    return fig
