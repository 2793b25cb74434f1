"""Plotly figures built as plain data, without Plotly's validation on every rerun.

Building a figure through `plotly.graph_objects` validates each property as it is set: the
formula page's curve figure took 53 ms that way, half of a warm rerun, for 33 kB of JSON. Here a
figure is the dict Plotly would produce: the subplot grid (axis domains, shared axes, titles)
is made once by Plotly's own `make_subplots` and kept per shape, traces and layout are plain
dicts, and `figure()` wraps the result in a `go.Figure` subclass that Plotly never builds: no
validation, no copy, no template set up again (Plotly's empty constructor alone took 2.5 ms).
Property names are Plotly's own, nested (`title={"text": ...}`), so a typo is not caught here:
the tests compare what the browser is sent.
"""

from __future__ import annotations

from functools import lru_cache

import plotly.graph_objects as go
from plotly.subplots import make_subplots


@lru_cache(maxsize=64)
def _grid(rows: int, cols: int, titles: tuple[str, ...], shared_x: bool, vertical: float | None,
          horizontal: float | None) -> tuple[dict, tuple[tuple[tuple[str, str], ...], ...]]:  # fmt: skip
    """Plotly's layout for a grid of subplots, and each cell's (xaxis, yaxis) names for its traces."""
    spacing = {k: v for k, v in (("vertical_spacing", vertical), ("horizontal_spacing", horizontal)) if v is not None}
    fig = make_subplots(rows=rows, cols=cols, shared_xaxes=shared_x, subplot_titles=list(titles) or None, **spacing)
    cells = tuple(tuple((cell[0].trace_kwargs["xaxis"], cell[0].trace_kwargs["yaxis"]) for cell in row)
                  for row in fig._grid_ref)  # fmt: skip
    return fig.to_dict()["layout"], cells


@lru_cache(maxsize=1)
def _template() -> dict:
    """Plotly's default template as a validated figure carries it (its `layout.template`), made once."""
    return go.Figure().to_dict()["layout"]["template"]


def _copy(value: object) -> object:
    """A copy of plain JSON-like data (dicts, lists, numbers, strings): what deepcopy does, 5× faster."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _merge(into: dict, props: dict) -> None:
    for key, value in props.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _axis_name(ref: str, kind: str) -> str:
    """A trace's axis reference ("x2") as the layout's key ("xaxis2")."""
    return f"{kind}axis{ref[1:]}"


class Figure:
    """A figure as plain data: `add_trace`, `update_xaxes`/`update_yaxes`, `update_layout`, then `figure()`."""

    def __init__(self, rows: int = 1, cols: int = 1, titles: tuple[str, ...] = (), shared_x: bool = False,
                 vertical: float | None = None, horizontal: float | None = None) -> None:  # fmt: skip
        self.data: list[dict] = []
        if rows == cols == 1 and not titles:
            self.layout: dict = {}
            self._cells: tuple = ()  # one plot: traces need no axis references
        else:
            layout, self._cells = _grid(rows, cols, tuple(titles), shared_x, vertical, horizontal)
            self.layout = _copy(layout)

    def add_trace(self, kind: str, row: int = 1, col: int = 1, **props: object) -> None:
        trace = {"type": kind, **props}
        if self._cells:  # in a grid, as make_subplots does: every trace names its cell's axes
            xref, yref = self._cells[row - 1][col - 1]
            trace |= {"xaxis": xref, "yaxis": yref}
        self.data.append(trace)

    def _update_axes(self, kind: str, row: int | None, col: int | None, props: dict) -> None:
        for r, cells in enumerate(self._cells or ((("x", "y"),),), start=1):
            for c, refs in enumerate(cells, start=1):
                if (row is None or row == r) and (col is None or col == c):
                    _merge(self.layout.setdefault(_axis_name(refs[0 if kind == "x" else 1], kind), {}), props)

    def update_xaxes(self, row: int | None = None, col: int | None = None, **props: object) -> None:
        self._update_axes("x", row, col, props)

    def update_yaxes(self, row: int | None = None, col: int | None = None, **props: object) -> None:
        self._update_axes("y", row, col, props)

    def update_layout(self, **props: object) -> None:
        _merge(self.layout, props)

    def add_annotation(self, **props: object) -> None:
        self.layout.setdefault("annotations", []).append(props)

    def figure(self) -> go.Figure:
        return PlainFigure({"data": self.data, "layout": self.layout})


class PlainFigure(go.Figure):
    """A go.Figure that is only a wrapper: `to_dict()` (what st.plotly_chart sends) hands over the plain data
    it was built from, not validated, not deep-copied (a 101 × 101 map's copy took 30 ms), with Plotly's
    default template as a validated figure carries it. Plotly's own constructor never runs: a figure is
    built once per rerun and never changed after; `data` and `layout` give Plotly's objects for reading
    (tests), made when first read."""

    def __init__(self, plain: dict) -> None:  # no super().__init__(): nothing of Plotly's is set up
        object.__setattr__(self, "_plain", plain)
        object.__setattr__(self, "_view", None)

    def _read(self) -> go.Figure:
        if self._view is None:
            object.__setattr__(self, "_view", go.Figure(self.to_dict(), _validate=False))
        return self._view

    @property
    def data(self):
        return self._read().data

    @property
    def layout(self):
        return self._read().layout

    def to_dict(self) -> dict:
        return {"data": self._plain["data"], "layout": {**self._plain["layout"], "template": _template()}}

    def to_plotly_json(self) -> dict:
        return self.to_dict()

    def __repr__(self) -> str:
        return f"PlainFigure({len(self._plain['data'])} traces)"
