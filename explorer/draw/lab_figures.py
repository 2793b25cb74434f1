"""The lab's Plotly figures: the loss and the gradients' size at each training step, and the optimizer's path
over the loss of one weight and one bias."""

from __future__ import annotations

import plotly.graph_objects as go

from explorer.draw.fastfig import Figure
from explorer.draw.figures import BLUE, INK, RED, VIRIDIS
from explorer.i18n import t


def loss_curve_figure(losses: list[float], grad_norms: list[float], lang: str = "en") -> go.Figure:
    """The loss before each training step, and how large the gradients held in .grad were."""
    steps = list(range(1, len(losses) + 1))
    titles = (t("figure.loss_before_step", lang), t("figure.grad_per_step", lang))
    step = t("figure.step_number", lang, number="%{x}")
    fig = Figure(1, 2, titles=titles)
    fig.add_trace("scatter", 1, 1, x=steps, y=losses, mode="lines+markers", name="loss", line={"color": BLUE},
                  hovertemplate=f"{step}<br>loss = %{{y:.5g}}<extra></extra>")  # fmt: skip
    fig.add_trace("scatter", 1, 2, x=steps, y=grad_norms, mode="lines+markers", name="|dL/dW| + |dL/db|",
                  line={"color": RED}, hovertemplate=f"{step}<br>|grad| = %{{y:.5g}}<extra></extra>")  # fmt: skip
    fig.update_xaxes(title={"text": t("figure.step", lang)})
    fig.update_layout(height=340, showlegend=False, margin={"l": 50, "r": 20, "t": 40, "b": 40}, uirevision="loss")
    return fig.figure()


def path_figure(
    ws: list[float], bs: list[float], loss: list[list[float]], path: list[tuple[float, float]], lang: str = "en"
) -> go.Figure:
    """The loss over (w, b) for one weight and one bias, and the path the optimizer took."""
    fig = Figure()
    fig.add_trace("contour", x=ws, y=bs, z=loss, colorscale=VIRIDIS, ncontours=30, name="loss",
                  colorbar={"title": {"text": "loss"}},
                  hovertemplate="w = %{x:.4g}<br>b = %{y:.4g}<br>loss = %{z:.5g}<extra></extra>")  # fmt: skip
    fig.add_trace("scatter", x=[w for w, _ in path], y=[b for _, b in path], mode="lines+markers",
                  name=t("figure.path", lang), line={"color": "white", "width": 2}, marker={"size": 6, "color": INK},
                  hovertemplate="w = %{x:.5g}<br>b = %{y:.5g}<extra></extra>")  # fmt: skip
    fig.update_xaxes(title={"text": "w"})
    fig.update_yaxes(title={"text": "b"})
    fig.update_layout(height=480, margin={"l": 50, "r": 20, "t": 30, "b": 40}, uirevision="path")
    return fig.figure()
