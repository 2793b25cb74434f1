"""Plotly figures for snippets: a tensor's value next to its gradient as heatmaps on one scale centred at 0,
the training (loss, a parameter's path, the size of .grad, per step), and the loss along one parameter."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from explorer.draw.figures import BLUE, GREEN, INK, RED
from explorer.i18n import t
from explorer.traced.training import Along, Training, index_text


def _matrix(tensor: torch.Tensor) -> list[list[float]]:
    flat = tensor.detach().double()
    return (flat.reshape(1, -1) if flat.dim() <= 1 else flat.reshape(flat.shape[0], -1)).tolist()


def heatmaps(value: torch.Tensor | None, grad: torch.Tensor | None, lang: str = "en",
             title: str | None = None) -> go.Figure:  # fmt: skip
    """Value and gradient side by side, one colour scale for both, centred at 0 (blue below, red above).
    `title`: of the first, when it is not a value (a Jacobian block)."""
    shown = [(title or t("figure.value", lang), value), (t("figure.gradient", lang), grad)]
    shown = [(title, m) for title, m in shown if isinstance(m, torch.Tensor)]
    reach = max((float(m.detach().abs().max()) for _, m in shown if m.numel()), default=1.0)
    reach = reach if math.isfinite(reach) and reach > 0 else 1.0
    fig = make_subplots(rows=1, cols=len(shown), subplot_titles=[title for title, _ in shown], horizontal_spacing=0.08)
    for col, (title, m) in enumerate(shown, start=1):
        fig.add_trace(go.Heatmap(z=_matrix(m), coloraxis="coloraxis", name=title,
                                 hovertemplate=f"{title}<br>row %{{y}}, column %{{x}}: %{{z:.5g}}<extra></extra>"),
                      row=1, col=col)  # fmt: skip
        rows, columns = len(_matrix(m)), len(_matrix(m)[0])
        fig.update_yaxes(autorange="reversed", dtick=max(1, rows // 8), row=1, col=col)  # row 0 on top, as printed
        fig.update_xaxes(dtick=max(1, columns // 8), row=1, col=col)
    fig.update_layout(coloraxis={"colorscale": "RdBu_r", "cmid": 0.0, "cmin": -reach, "cmax": reach},
                      height=320, margin={"l": 40, "r": 20, "t": 40, "b": 30})  # fmt: skip
    return fig


def training_figures(training: Training, parameter: str, lang: str = "en") -> list[go.Figure]:
    """Three figures, one x value per optimizer step: the loss of the backward() before step k and the followed
    element of one parameter before step k share x = k (that parameter after the last step is at n + 1); the
    size of the .grad step k used. Three figures rather than subplots: on a phone they stack."""
    steps = list(range(1, training.steps + 1))
    name = f"{parameter}{index_text(training.shapes.get(parameter, []), training.followed.get(parameter, 0))}"
    path = [b.get(parameter) for b in training.before]
    if training.after:
        path.append(training.after[-1].get(parameter))
    shown = [
        (t("figure.loss_at_step", lang), steps, training.losses, BLUE),
        (t("figure.parameter_path", lang, name=name), list(range(1, len(path) + 1)), path, GREEN),
        (t("figure.grad_per_step", lang), steps, [n.get(parameter) for n in training.grad_norms], RED),
    ]
    figures = []
    for title, xs, ys, colour in shown:
        fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines+markers", line={"color": colour}))
        fig.update_xaxes(title_text=t("figure.step", lang), range=[0.5, training.steps + 1.5])  # x = k lines up
        fig.update_layout(title={"text": title, "font": {"size": 13}}, height=300, showlegend=False,
                          margin={"l": 50, "r": 20, "t": 40, "b": 40})  # fmt: skip
        figures.append(fig)
    return figures


def along_figure(found: Along, lang: str = "en") -> go.Figure:
    """The loss at each offset of one element, and the tangent at 0 whose slope is autograd's gradient."""
    name = f"{found.leaf}[{found.index}]"
    fig = go.Figure(go.Scatter(x=found.offsets, y=found.losses, mode="lines+markers", name="loss",
                               line={"color": BLUE, "width": 2.5}))  # fmt: skip
    base = found.losses[len(found.losses) // 2]
    if found.slope is not None and base is not None:
        ends = [found.offsets[0], found.offsets[-1]]
        fig.add_trace(go.Scatter(x=ends, y=[base + found.slope * e for e in ends], mode="lines",
                                 name=t("figure.tangent", lang, variable=name, slope=f"{found.slope:.4g}"),
                                 line={"color": INK, "dash": "dash", "width": 2}))  # fmt: skip
    fig.update_xaxes(title_text=t("figure.offset", lang, name=name))
    fig.update_yaxes(title_text="loss")
    fig.update_layout(height=380, margin={"l": 50, "r": 20, "t": 30, "b": 40},
                      legend={"orientation": "h", "y": 1.1, "x": 1, "xanchor": "right"})  # fmt: skip
    return fig
