"""Plotly figures of what a snippet drew with matplotlib.pyplot (explorer/traced/drawings.py): one figure each, its
subplots in their grid, lines and points as SVG scatter traces (no WebGL), bars and a histogram's counts as bars
(the bins matplotlib counted, exactly), an image as a heatmap or an RGB image with row 0 at the top; titles, axis
labels, grids, limits, log scales, and a legend only where legend() was called for marks with labels. Pure
functions of the record; matplotlib's look: white, a box around each axes, its colours."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.traced.drawings import CYCLE, DASHES, MARKERS, Axes, Figure, Mark, colorscale

PT = 4 / 3  # screen pixels per point: matplotlib's widths and sizes are in points
INK = "#000000"
GRID = "#b0b0b0"
PIXELS = 90  # per inch of the figure's height (matplotlib's 4.8 in is 432 px), within HEIGHTS
HEIGHTS = (260, 760)
CELLS = 400  # of one grid for all the subplots of a figure; a figure that needs more has them stacked


def plt_figures(drawings: list[Figure]) -> list[go.Figure]:
    return [plt_figure(figure) for figure in drawings]


def _cells(axes: list[Axes]) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """One grid for subplots of several grids (subplot(2, 1, 1) beside subplot(2, 2, 3)): rows and columns, and
    each axes' (row, col, rowspan, colspan) in it from 1; axes that would overlap are stacked instead."""
    rows = math.lcm(*(a.rows for a in axes))
    cols = math.lcm(*(a.cols for a in axes))
    stacked = len(axes), 1, [(k + 1, 1, 1, 1) for k in range(len(axes))]
    if rows * cols > CELLS:  # (subplot(1000, 1000, 1) is one axes: it is drawn alone, not as a millionth)
        return stacked
    places = [(a.row * rows // a.rows + 1, a.col * cols // a.cols + 1, rows // a.rows, cols // a.cols) for a in axes]
    taken = [(r + i, c + j) for r, c, rs, cs in places for i in range(rs) for j in range(cs)]
    return stacked if len(taken) != len(set(taken)) else (rows, cols, places)


def plt_figure(figure: Figure) -> go.Figure:
    rows, cols, places = _cells(figure.axes)
    specs: list[list[dict | None]] = [[None] * cols for _ in range(rows)]
    for r, c, rs, cs in places:
        specs[r - 1][c - 1] = {"rowspan": rs, "colspan": cs}
    titled = sorted(zip(places, figure.axes, strict=True), key=lambda p: (p[0][0], p[0][1]))  # the specs' order
    fig = make_subplots(rows=rows, cols=cols, specs=specs, subplot_titles=[a.title for _, a in titled] or None,
                        horizontal_spacing=min(0.12, 0.6 / cols), vertical_spacing=min(0.14, 0.7 / rows))  # fmt: skip
    legend = False
    for (r, c, _, _), axes in zip(places, figure.axes, strict=True):
        cell = fig.get_subplot(r, c)
        for k, mark in enumerate(axes.marks):
            trace = _trace(mark, axes, k, cell)
            if isinstance(trace, (go.Scatter, go.Bar)):  # matplotlib leaves out labels that start with "_"
                shown = axes.legend and bool(mark.label) and not str(mark.label).startswith("_")
                trace.update(showlegend=shown, name=mark.label or mark.kind)
                legend = legend or shown
            fig.add_trace(trace, row=r, col=c)
        _axes(fig, axes, r, c, cell)
    height = max(HEIGHTS[0], min(HEIGHTS[1], round(figure.size[1] * PIXELS * max(1.0, rows / 2))))
    fig.update_layout(template="simple_white", height=height, showlegend=legend, uirevision="plt",
                      margin={"l": 50, "r": 20, "t": 60 if figure.suptitle else 40, "b": 40},
                      title={"text": figure.suptitle, "x": 0.5} if figure.suptitle else None)  # fmt: skip
    fig.update_annotations(font={"size": 13, "color": INK}, yshift=6)  # the subplot titles, clear of the box
    return fig


def _trace(mark: Mark, axes: Axes, k: int, cell) -> go.Scatter | go.Bar | go.Heatmap | go.Image:
    color = mark.color or CYCLE[k % len(CYCLE)]
    if mark.kind == "plot":
        mode = "+".join(m for m, on in (("lines", mark.linestyle), ("markers", mark.marker)) if on) or "none"
        return go.Scatter(x=mark.x, y=mark.y, mode=mode, opacity=mark.alpha,
                          line={"color": color, "width": (mark.linewidth or 1.5) * PT,
                                "dash": DASHES.get(mark.linestyle, "solid")},
                          marker=_marker(mark.marker or "o", color, (mark.markersize or 6.0) * PT))  # fmt: skip
    if mark.kind == "scatter":
        size: float | list[float] = (mark.markersize or 6.0) * PT
        if mark.sizes:
            size = [s * PT for s in mark.sizes] if len(mark.sizes) > 1 else mark.sizes[0] * PT
        marker = _marker(mark.marker or "o", color, size)
        if mark.values:
            marker.update(color=mark.values, colorscale=colorscale(mark.cmap), cmin=mark.vmin, cmax=mark.vmax,
                          showscale=axes.colorbar, colorbar=_colorbar(cell), line={"width": 0})  # fmt: skip
        return go.Scatter(x=mark.x, y=mark.y, mode="markers", marker=marker, opacity=mark.alpha)
    if mark.kind in ("bar", "hist"):
        if mark.kind == "hist":  # edges x, counts y: each bar spans its bin
            centres = [(a + b) / 2 for a, b in zip(mark.x, mark.x[1:], strict=False)]
            widths = [b - a for a, b in zip(mark.x, mark.x[1:], strict=False)]
        else:
            centres, widths = mark.x, mark.width
        return go.Bar(x=centres, y=mark.y, width=widths, opacity=mark.alpha, marker={"color": color, "line": {
            "width": 0}})  # fmt: skip
    if mark.z and mark.z[0] and isinstance(mark.z[0][0], list):  # colours: [r, g, b] in 0..255, drawn from the top
        return go.Image(z=mark.z if mark.origin == "upper" else mark.z[::-1], colormodel="rgb", opacity=mark.alpha)
    return go.Heatmap(z=mark.z, colorscale=colorscale(mark.cmap), zmin=mark.vmin, zmax=mark.vmax, opacity=mark.alpha,
                      showscale=axes.colorbar, colorbar=_colorbar(cell))  # fmt: skip


def _marker(symbol: str, color: str, size: float | list[float]) -> dict:
    scale = 0.5 if symbol == "." else 0.25 if symbol == "," else 1.0
    sized = [s * scale for s in size] if isinstance(size, list) else size * scale
    return {"symbol": MARKERS.get(symbol, "circle"), "color": color, "size": sized,
            "line": {"color": color, "width": 1}}  # (an open symbol, '+' or 'x', is drawn by its line)


def _colorbar(cell) -> dict:
    """A colour bar at the right of its own subplot."""
    x0, x1 = cell.xaxis.domain
    y0, y1 = cell.yaxis.domain
    return {"x": x1 + 0.01, "y": (y0 + y1) / 2, "len": y1 - y0, "thickness": 12, "xanchor": "left"}


def _axes(fig: go.Figure, axes: Axes, row: int, col: int, cell) -> None:
    common = {"showline": True, "mirror": True, "linecolor": INK, "ticks": "outside", "zeroline": False}
    image = next((m for m in reversed(axes.marks) if m.kind == "imshow"), None)
    for name, label, grid, limits, scale in (("x", axes.xlabel, axes.grid in ("both", "x"), axes.xlim, axes.xscale),
                                             ("y", axes.ylabel, axes.grid in ("both", "y"), axes.ylim, axes.yscale)):
        props = {**common, "title_text": label or None, "showgrid": grid, "gridcolor": GRID, "type": scale,
                 "visible": not axes.axis_off, "exponentformat": "power" if scale == "log" else "B"}  # fmt: skip
        if limits is not None and (scale != "log" or min(limits) > 0):  # a log axis' range is in powers of ten
            props["range"] = [math.log10(v) for v in limits] if scale == "log" else list(limits)
        elif image is not None:  # the image's extent, as matplotlib's: row 0 at the top unless origin='lower'
            high = (len(image.z[0]) if image.z else 0) - 0.5 if name == "x" else len(image.z) - 0.5
            props["range"] = [high, -0.5] if name == "y" and image.origin == "upper" else [-0.5, high]
        if axes.equal:  # one unit as long across as up, in a box shrunk to fit (as matplotlib's aspect 'equal')
            props["constrain"] = "domain"
            if name == "y":
                props.update(scaleanchor=cell.xaxis.plotly_name.replace("axis", ""), scaleratio=1)
        (fig.update_xaxes if name == "x" else fig.update_yaxes)(props, row=row, col=col)
