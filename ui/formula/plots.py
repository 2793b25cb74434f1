"""The plot section: f, f' (and f'') along one variable, or a map of two with gradient arrows."""

from __future__ import annotations

import functools
import math

import streamlit as st
import torch

from explorer.build import Result
from explorer.figures import curve_figure, slices_figure, surface_figure
from explorer.i18n import t
from explorer.parse import Formula
from explorer.plots import curve, default_range, surface, undefined_runs
from ui.common import lang, tr

# The plot views: the radio's options are the English labels (kept in session state); shown translated.
VIEW_KEYS = {"map": "view.map", "curve": "view.curve"}
VIEW_LABELS = {view: t(key) for view, key in VIEW_KEYS.items()}


def view_label(label: str, in_language: str) -> str:
    """An option of the view radio (its English label) in `in_language`, which is bound when the
    radio is made: Streamlit may call a format function outside the script run."""
    return next((t(VIEW_KEYS[v], in_language) for v, english in VIEW_LABELS.items() if english == label), label)


def range_inputs(variable: str, centre: float, column) -> tuple[float, float] | None:
    """'from' and 'to' for one variable's axis, kept per variable; None (with a message) if unusable."""
    lo_default, hi_default = default_range(centre)
    st.session_state.setdefault(f"lo:{variable}", lo_default)
    st.session_state.setdefault(f"hi:{variable}", hi_default)
    left, right = column.columns(2)
    lo = left.number_input(tr("range.from", variable=variable), key=f"lo:{variable}", format="%.6g")
    hi = right.number_input(tr("range.to", variable=variable), key=f"hi:{variable}", format="%.6g")
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        column.error(tr("range.bad", variable=variable))
        return None
    return lo, hi


def number(value: torch.Tensor | None) -> float | None:
    return None if value is None else value.item()


def describe_gaps(variable: str, xs: list[float], values: list[float | None]) -> None:
    runs = undefined_runs(xs, values)
    if runs:
        where = tr("list.separator").join(
            tr("gaps.stretch", start=f"{a:.4g}", end=f"{b:.4g}") if a != b else f"{a:.4g}" for a, b in runs[:4]
        )
        more = tr("gaps.more", count=len(runs) - 4) if len(runs) > 4 else ""
        st.caption(tr("gaps.caption", variable=variable, where=where, more=more))


def show_curve(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    top = st.columns([1, 2, 1], vertical_alignment="bottom")
    variable = top[0].selectbox(tr("curve.against"), formula.variables, key="plot_var",
                                help=tr("curve.against_help"))  # fmt: skip
    span = range_inputs(variable, point[variable], top[1])
    second = top[2].toggle(tr("curve.second"), key="second", help=tr("curve.second_help"))
    if span is None:
        return
    c = curve(formula, variable, point, *span, dtype, second=second)
    d2f_at = None
    if second:  # f'' at the point itself: the same double backward on a one-point grid
        d2f_at = curve(formula, variable, point, point[variable], point[variable], dtype, 1, second=True).d2f[0]
    fig = curve_figure(c, point[variable], result.value.item(), number(result.grads[variable]), d2f_at, lang())
    st.plotly_chart(fig, width="stretch", key="curve_chart")
    describe_gaps(variable, c.xs, c.f)
    if result.grads[variable] is None:
        st.caption(tr("curve.no_tangent", variable=variable))


def show_map(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    names = list(formula.variables)
    top = st.columns([1, 1, 1], vertical_alignment="bottom")
    xv = top[0].selectbox(tr("map.across"), names, index=0, key="map_x")
    others = [n for n in names if n != xv]
    yv = top[1].selectbox(tr("map.up"), others, key="map_y", help=tr("map.up_help"))
    three_d = top[2].toggle(tr("map.three_d"), key="three_d")
    ranges = st.columns(2)
    x_span = range_inputs(xv, point[xv], ranges[0])
    y_span = range_inputs(yv, point[yv], ranges[1])
    if x_span is None or y_span is None:
        return
    s = surface(formula, (xv, yv), point, x_span, y_span, dtype)
    grad_at = (number(result.grads[xv]), number(result.grads[yv]))
    fig = surface_figure(s, (point[xv], point[yv]), result.value.item(), grad_at, three_d, lang())
    st.plotly_chart(fig, width="stretch", key="map_chart")
    missing = sum(v is None for row in s.f for v in row)
    if missing:
        st.caption(tr("map.missing", missing=missing, total=len(s.xs) * len(s.ys)))
    st.caption(tr("map.arrows", x=xv, y=yv))
    slices = [curve(formula, v, point, *span, dtype) for v, span in ((xv, x_span), (yv, y_span))]
    grads = {v: number(result.grads[v]) for v in (xv, yv)}
    st.plotly_chart(slices_figure(slices, point, grads), width="stretch", key="slices_chart")


def show_plot(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    if not formula.variables:
        return
    st.subheader(tr("plot.heading"))
    views = [VIEW_LABELS["map"], VIEW_LABELS["curve"]] if len(formula.variables) > 1 else []
    shown = functools.partial(view_label, in_language=lang())
    if views and st.radio(tr("plot.view"), views, format_func=shown, key="plot_kind", horizontal=True) == views[0]:
        show_map(formula, point, result, dtype)
    else:
        show_curve(formula, point, result, dtype)
