"""Figures built as plain data (explorer/draw/fastfig.py) are what Plotly's own validating builder accepts
and produces: every figure of the pages, rebuilt through plotly.graph_objects with validation on,
gives the same JSON, and the subplot grid is Plotly's make_subplots."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from explorer.draw.fastfig import Figure
from explorer.draw.figures import curve_figure, slices_figure, surface_figure
from explorer.draw.lab_figures import loss_curve_figure, path_figure
from explorer.draw.snippet_figures import heatmaps
from explorer.formula.grids import curve, surface
from explorer.formula.parser import parse


def _figures() -> dict[str, go.Figure]:
    f = parse("sin(x) exp(-x^2/4) + 1/x")
    c = curve(f, "x", {"x": 1.0}, -3.0, 3.0, "float32", points=41)
    c2 = curve(f, "x", {"x": 1.0}, -3.0, 3.0, "float32", points=41, second=True)
    g = parse("sin(x) cos(y)")
    s = surface(g, ("x", "y"), {"x": 0.5, "y": 0.5}, (-2.0, 2.0), (-1.0, 3.0), dtype="float32", points=21)
    sx = curve(g, "x", {"x": 0.5, "y": 0.5}, -2.0, 2.0, "float32", points=21)
    sy = curve(g, "y", {"x": 0.5, "y": 0.5}, -1.0, 3.0, "float32", points=21)
    import torch

    return {
        "curve": curve_figure(c, 1.0, 1.2, 0.3, lang="ja", output="z"),
        "curve with f''": curve_figure(c2, 1.0, 1.2, 0.3, -0.5),
        "map": surface_figure(s, (0.5, 0.5), 0.4, (0.7, -0.2)),
        "surface": surface_figure(s, (0.5, 0.5), 0.4, (0.7, -0.2), three_d=True),
        "slices": slices_figure([sx, sy], {"x": 0.5, "y": 0.5}, {"x": 0.7, "y": -0.2}),
        "loss": loss_curve_figure([1.3, 1.1, 0.9], [2.0, 1.5, 1.0]),
        "path": path_figure([0.0, 1.0], [0.0, 1.0], [[1.0, 2.0], [3.0, 4.0]], [(0.1, 0.2), (0.3, 0.4)]),
        "heatmaps": heatmaps(torch.arange(6.0).reshape(2, 3), -torch.ones(2, 3)),
    }


FIGURES = _figures()


@pytest.mark.parametrize("name", list(FIGURES))
def test_plotly_validates_each_figure_to_the_same_json(name):
    ours = json.loads(pio.to_json(FIGURES[name], validate=False))
    validated = go.Figure(ours)  # raises on any property Plotly does not know
    assert json.loads(pio.to_json(validated)) == ours


def test_a_grid_is_plotlys_make_subplots():
    fig = Figure(3, 1, titles=("a", "b", "c"), shared_x=True, vertical=0.06)
    fig.add_trace("scatter", 2, 1, x=[1], y=[2])
    fig.update_yaxes(range=[0, 1], row=3, col=1)
    reference = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, subplot_titles=["a", "b", "c"])
    reference.add_trace(go.Scatter(x=[1], y=[2]), row=2, col=1)
    reference.update_yaxes(range=[0, 1], row=3, col=1)
    assert fig.figure().to_dict() == reference.to_dict()


def test_a_cached_grid_is_not_changed_by_one_figure():
    first = Figure(1, 2, titles=("p", "q"))
    first.update_xaxes(title={"text": "changed"})
    second = Figure(1, 2, titles=("p", "q"))
    assert "title" not in second.layout["xaxis"] and first.layout["xaxis"]["title"] == {"text": "changed"}
