"""Plotly figures for snippets: a tensor's value next to its gradient as heatmaps on one scale centred at 0,
the training (loss, a parameter's path, the size of .grad, per step), and the loss along one parameter."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from .figures import BLUE, GREEN, INK, RED
from .i18n import t
from .snippet.along import Along
from .snippet.training import Training


def _matrix(tensor: torch.Tensor) -> list[list[float]]:
    flat = tensor.detach().double()
    return (flat.reshape(1, -1) if flat.dim() <= 1 else flat.reshape(flat.shape[0], -1)).tolist()


def heatmaps(value: torch.Tensor | None, grad: torch.Tensor | None, lang: str = "en") -> go.Figure:
    """Value and gradient side by side, one colour scale for both, centred at 0 (blue below, red above)."""
    shown = [(t("figure.value", lang), value), (t("figure.gradient", lang), grad)]
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


def training_figure(losses: list[float], training: Training, parameter: str, element: int,
                    lang: str = "en") -> go.Figure:  # fmt: skip
    """Loss before each step; one element of one parameter before each step and after the last; |.grad|."""
    titles = (t("figure.loss_at_step", lang), t("figure.parameter_path", lang, name=f"{parameter}[{element}]"),
              t("figure.grad_per_step", lang))  # fmt: skip
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.07)
    step = t("figure.step", lang)
    fig.add_trace(go.Scatter(x=list(range(1, len(losses) + 1)), y=losses, mode="lines+markers", name="loss",
                             line={"color": BLUE}), row=1, col=1)  # fmt: skip
    path = [b.get(parameter, [None] * (element + 1))[element] for b in training.before]
    if training.after:
        path.append(training.after[-1].get(parameter, [None] * (element + 1))[element])
    fig.add_trace(go.Scatter(x=list(range(len(path))), y=path, mode="lines+markers", name=parameter,
                             line={"color": GREEN}), row=1, col=2)  # fmt: skip
    norms = [n.get(parameter) for n in training.grad_norms]
    fig.add_trace(go.Scatter(x=list(range(1, len(norms) + 1)), y=norms, mode="lines+markers", name="|grad|",
                             line={"color": RED}), row=1, col=3)  # fmt: skip
    fig.update_xaxes(title_text=step)
    fig.update_layout(height=320, showlegend=False, margin={"l": 50, "r": 20, "t": 40, "b": 40})
    return fig


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
