"""Plotly figures of the grids in explorer/formula/grids.py: curves with their tangent, contours with arrows.

SVG traces only (scatter, contour) for the 2D views, so they draw without WebGL;
the 3D surface is an option. `uirevision` keeps the user's zoom across reruns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from explorer.draw.fastfig import Figure
from explorer.i18n import t
from explorer.traced.curves import ARROWS, Curve, Surface, broken, focus_range, poles

BLUE, RED, GREEN, INK = "#2563eb", "#dc2626", "#16a34a", "#f97316"
VIRIDIS = get_colorscale("Viridis")  # as the colours themselves: the figures are not validated (fastfig.py)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _line(xs: list[float], ys: list[float | None]) -> tuple[list, list]:
    """A curve's points with a gap at every pole, so that no vertical line joins -inf to +inf."""
    return broken(xs, ys, poles(ys))


def curve_figure(
    c: Curve,
    at: float,
    f_at: float,
    df_at: float | None,
    d2f_at: float | None = None,
    lang: str = "en",
    output: str = "y",
) -> go.Figure:
    """The output, its derivative (and second derivative) stacked on one shared x axis; the point
    marked, and on the output the tangent line whose slope is the gradient autograd computed there."""
    rows = 3 if c.d2f is not None else 2
    v = c.variable
    point = t("figure.the_point", lang)
    names = (output, f"∂{output}/∂{v}", f"∂²{output}/∂{v}²")
    fig = Figure(rows, 1, titles=names[:rows], shared_x=True, vertical=0.06)
    panels = [(c.f, names[0], BLUE, f_at), (c.df, names[1], RED, df_at)]
    if c.d2f is not None:
        panels.append((c.d2f, names[2], GREEN, d2f_at))
    for row, (ys, name, colour, y_at) in enumerate(panels, start=1):
        xs, shown = _line(c.xs, ys)
        fig.add_trace("scatter", row, 1, x=xs, y=shown, mode="lines", name=name,
                      line={"color": colour, "width": 2.5},
                      hovertemplate=f"{v} = %{{x:.4g}}<br>{name} = %{{y:.5g}}<extra></extra>")  # fmt: skip
        if _finite(y_at):
            ring = {"color": "white", "width": 1.5}
            fig.add_trace("scatter", row, 1, x=[at], y=[y_at], mode="markers", name=f"{name} at the point",
                          showlegend=False, marker={"size": 11, "color": colour, "line": ring},
                          hovertemplate=f"{point}<br>{v} = %{{x:.6g}}<br>{name} = %{{y:.6g}}<extra></extra>")
        focus = focus_range(ys, y_at)
        if focus is not None:
            fig.update_yaxes(range=list(focus), row=row, col=1)
    if _finite(f_at) and _finite(df_at):
        x0, x1 = c.xs[0], c.xs[-1]
        fig.add_trace("scatter", 1, 1, x=[x0, x1], y=[f_at + df_at * (x0 - at), f_at + df_at * (x1 - at)],
                      mode="lines", name=t("figure.tangent", lang, variable=v, slope=f"{df_at:.4g}"),
                      line={"color": INK, "width": 2, "dash": "dash"}, hoverinfo="skip")  # fmt: skip
        if focus_range(c.f, f_at) is None:  # keep the view on f, not on the tangent's far ends
            finite = [y for y in c.f if y is not None]
            if finite:
                lo, hi = min(finite), max(finite)
                pad = 0.1 * (hi - lo or 1.0)
                fig.update_yaxes(range=[min(lo, f_at) - pad, max(hi, f_at) + pad], row=1, col=1)
    fig.update_xaxes(title={"text": v}, row=rows, col=1)
    fig.update_layout(
        height=220 * rows + 80, margin={"l": 50, "r": 20, "t": 60, "b": 40}, uirevision=f"curve-{v}",
        legend={"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"}, hovermode="x unified",
    )  # fmt: skip
    return fig.figure()


@dataclass(frozen=True)
class Arrows:
    """Gradient arrows on a coarse grid: tails (x, y) and vectors (u, v), already scaled."""

    x: np.ndarray
    y: np.ndarray
    u: np.ndarray
    v: np.ndarray


def arrows(s: Surface, per_side: int = ARROWS) -> Arrows:
    """Every few grid points, an arrow along the gradient; the longest is 90% of the spacing."""
    rows = np.linspace(0, len(s.ys) - 1, per_side).round().astype(int)
    cols = np.linspace(0, len(s.xs) - 1, per_side).round().astype(int)
    dfx = np.array(s.dfx, dtype=float)[np.ix_(rows, cols)]
    dfy = np.array(s.dfy, dtype=float)[np.ix_(rows, cols)]
    gx, gy = np.meshgrid(np.array(s.xs)[cols], np.array(s.ys)[rows])
    keep = np.isfinite(dfx) & np.isfinite(dfy)
    length = np.hypot(dfx, dfy)[keep]
    spacing = min(s.xs[cols[1]] - s.xs[cols[0]], s.ys[rows[1]] - s.ys[rows[0]]) if per_side > 1 else 1.0
    scale = 0.9 * spacing / length.max() if length.size and length.max() > 0 else 0.0
    return Arrows(gx[keep], gy[keep], dfx[keep] * scale, dfy[keep] * scale)


def _arrow_paths(a: Arrows, head: float = 0.3) -> tuple[list, list]:
    """Line segments for every arrow: shaft and two head strokes, separated by None."""
    xs: list = []
    ys: list = []
    for x, y, u, v in zip(a.x, a.y, a.u, a.v, strict=True):
        if u == 0 and v == 0:
            continue
        tip = (x + u, y + v)
        for angle in (0.45, -0.45):
            cos, sin = math.cos(angle), math.sin(angle)
            back = (-(u * cos - v * sin) * head, -(u * sin + v * cos) * head)
            xs += [x, tip[0], None, tip[0], tip[0] + back[0], None] if angle > 0 else [tip[0], tip[0] + back[0], None]
            ys += [y, tip[1], None, tip[1], tip[1] + back[1], None] if angle > 0 else [tip[1], tip[1] + back[1], None]
    return xs, ys


MAX_ASPECT = 4.0  # the map keeps one scale for both axes unless one range is this many times the other


def equal_scale(s: Surface) -> bool:
    """Whether the map draws both axes to one scale, so that gradient arrows look perpendicular to the
    contour lines; not when one range is more than MAX_ASPECT times the other (the map would be a sliver)."""
    spans = (s.xs[-1] - s.xs[0], s.ys[-1] - s.ys[0])
    return max(spans) <= MAX_ASPECT * min(spans)


def surface_figure(
    s: Surface,
    at: tuple[float, float],
    f_at: float,
    grad_at: tuple[float | None, float | None],
    three_d: bool = False,
    lang: str = "en",
    output: str = "y",
) -> go.Figure:
    """A contour map of the output with gradient arrows and the point's gradient vector, or a 3D surface."""
    xv, yv = s.variables
    point = t("figure.the_point", lang)
    hover = f"{xv} = %{{x:.4g}}<br>{yv} = %{{y:.4g}}<br>{output} = %{{z:.5g}}<extra></extra>"
    fig = Figure()
    if three_d:
        fig.add_trace("surface", x=s.xs, y=s.ys, z=s.f, colorscale=VIRIDIS, name=output, hovertemplate=hover)
        if _finite(f_at):
            fig.add_trace("scatter3d", x=[at[0]], y=[at[1]], z=[f_at], mode="markers", name=point,
                          marker={"size": 6, "color": INK})  # fmt: skip
        fig.update_layout(scene={"xaxis": {"title": {"text": xv}}, "yaxis": {"title": {"text": yv}},
                                 "zaxis": {"title": {"text": output}}})  # fmt: skip
    else:
        fig.add_trace("contour", x=s.xs, y=s.ys, z=s.f, colorscale=VIRIDIS, name=output, ncontours=25,
                      colorbar={"title": {"text": output}}, hovertemplate=hover)  # fmt: skip
        ax, ay = _arrow_paths(arrows(s))
        fig.add_trace("scatter", x=ax, y=ay, mode="lines", name=t("figure.steepest", lang, output=output),
                      line={"color": "white", "width": 1.3}, hoverinfo="skip")  # fmt: skip
        fig.add_trace("scatter", x=[at[0]], y=[at[1]], mode="markers", name=point,
                      marker={"size": 12, "color": INK, "line": {"color": "white", "width": 2}},
                      hovertemplate=f"{point}<br>{xv} = %{{x:.6g}}<br>{yv} = %{{y:.6g}}<extra></extra>")  # fmt: skip
        gx, gy = grad_at
        if _finite(gx) and _finite(gy) and (gx or gy):
            reach = 0.2 * min(s.xs[-1] - s.xs[0], s.ys[-1] - s.ys[0]) / math.hypot(gx, gy)
            fig.add_annotation(x=at[0] + gx * reach, y=at[1] + gy * reach, ax=at[0], ay=at[1], xref="x", yref="y",
                               axref="x", ayref="y", showarrow=True, arrowhead=3, arrowwidth=3, arrowcolor=INK,
                               text="")  # fmt: skip
        fig.update_xaxes(title={"text": xv}, range=[s.xs[0], s.xs[-1]], constrain="domain")
        fig.update_yaxes(title={"text": yv}, range=[s.ys[0], s.ys[-1]], constrain="domain")
        if equal_scale(s):  # one unit is as long across as up: the arrows meet the contour lines at right angles
            fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_layout(height=560, margin={"l": 50, "r": 20, "t": 30, "b": 40}, uirevision=f"surface-{xv}-{yv}",
                      legend={"orientation": "h", "y": 1.06, "x": 1, "xanchor": "right"})  # fmt: skip
    return fig.figure()


def slices_figure(
    slices: list[Curve], point: dict[str, float], grads: dict[str, float | None], output: str = "y"
) -> go.Figure:
    """Each partial derivative along its own variable, through the current point."""
    fig = Figure(1, len(slices), titles=tuple(f"∂{output}/∂{c.variable}" for c in slices))
    for col, c in enumerate(slices, start=1):
        name = f"∂{output}/∂{c.variable}"
        xs, ys = _line(c.xs, c.df)
        fig.add_trace("scatter", 1, col, x=xs, y=ys, mode="lines", name=name, line={"color": RED},
                      hovertemplate=f"{c.variable} = %{{x:.4g}}<br>{name} = %{{y:.5g}}<extra></extra>")  # fmt: skip
        g = grads.get(c.variable)
        if _finite(g):
            fig.add_trace("scatter", 1, col, x=[point[c.variable]], y=[g], mode="markers", showlegend=False,
                          marker={"size": 10, "color": INK})  # fmt: skip
        fig.update_xaxes(title={"text": c.variable}, row=1, col=col)
        focus = focus_range(c.df, g)
        if focus is not None:
            fig.update_yaxes(range=list(focus), row=1, col=col)
    fig.update_layout(height=300, showlegend=False, margin={"l": 50, "r": 20, "t": 40, "b": 40},
                      uirevision="slices")  # fmt: skip
    return fig.figure()
