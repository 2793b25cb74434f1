"""The plot section: the output and its derivatives along one variable, or a map of two with gradient arrows."""

from __future__ import annotations

import functools

import streamlit as st
import torch

from explorer.draw.figures import MAX_ASPECT, curve_figure, equal_scale, slices_figure, surface_figure
from explorer.formula.forward import Result
from explorer.formula.grids import curve, default_range, surface
from explorer.formula.report import output_name
from explorer.formula.tree import Formula
from explorer.i18n import Message
from explorer.traced.curves import poles, undefined_runs
from ui import first_paint
from ui.common import choice, lang, number_field, tr

PLACEHOLDER_HEIGHT = 600  # about the curve view's height: its controls and the two-panel figure
VIEW_KEYS = {"map": "view.map", "curve": "view.curve"}  # the view radio's options, shown translated


def view_label(view: str, in_language: str) -> str:
    """An option of the view radio in `in_language`, which is bound when the radio is made:
    Streamlit may call a format function outside the script run."""
    return Message(VIEW_KEYS[view]).say(in_language)


def range_inputs(variable: str, centre: float, row) -> tuple[float, float] | None:
    """'from' and 'to' for one variable's axis, side by side in `row` (a horizontal container), kept per
    variable until the user changes them. A reversed range is said below the row."""
    lo_default, hi_default = default_range(centre)
    lo = number_field(tr("range.from", variable=variable), f"lo:{variable}", lo_default, container=row, errors=st)
    hi = number_field(tr("range.to", variable=variable), f"hi:{variable}", hi_default, container=row, errors=st)
    if lo >= hi:
        st.error(tr("range.bad", variable=variable))
        return None
    return lo, hi


def number(value: torch.Tensor | None) -> float | None:
    return None if value is None else value.item()


def listed(pairs: list[tuple[float, float]], key: str) -> dict[str, str]:
    """The first few (start, end) pairs as text ("-3 to -0.025"), and how many more there are."""
    where = tr("list.separator").join(
        tr(key, start=f"{a:.4g}", end=f"{b:.4g}") if a != b else f"{a:.4g}" for a, b in pairs[:4]
    )
    return {"where": where, "more": tr("gaps.more", count=len(pairs) - 4) if len(pairs) > 4 else ""}


def describe_gaps(output: str, variable: str, xs: list[float], values: list[float | None]) -> None:
    """Where the curve has gaps (undefined or infinite), and where it is broken at a pole."""
    runs = undefined_runs(xs, values)
    if runs:
        st.caption(tr("gaps.caption", output=output, variable=variable, **listed(runs, "gaps.stretch")))
    jumps = [(xs[i], xs[i + 1]) for i in poles(values)]
    if jumps:
        st.caption(tr("gaps.pole", output=output, variable=variable, **listed(jumps, "gaps.between")))


def show_curve(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    out = output_name(formula)
    top = st.container(horizontal=True, vertical_alignment="bottom")  # one block (columns: a block each)
    variable = choice(tr("curve.against"), list(formula.variables), "plot_var", top, help=tr("curve.against_help"))
    span = range_inputs(variable, point[variable], top)
    second = top.toggle(tr("curve.second", output=out, variable=variable), key="second", persist_state="session",
                        help=tr("curve.second_help"))  # fmt: skip
    if span is None:
        return
    c = curve(formula, variable, point, *span, dtype, second=second)
    d2f_at = None
    if second:  # f'' at the point itself: the same double backward on a one-point grid
        d2f_at = curve(formula, variable, point, point[variable], point[variable], dtype, 1, second=True).d2f[0]
    fig = curve_figure(c, point[variable], result.value.item(), number(result.grads[variable]), d2f_at, lang(), out)
    st.plotly_chart(fig, width="stretch", key="curve_chart")
    describe_gaps(out, variable, c.xs, c.f)
    if result.grads[variable] is None:
        st.caption(tr("curve.no_tangent", variable=variable))


def show_map(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    out = output_name(formula)
    names = list(formula.variables)
    top = st.container(horizontal=True, vertical_alignment="bottom")
    xv = choice(tr("map.across"), names, "map_x", top)
    yv = choice(tr("map.up"), [n for n in names if n != xv], "map_y", top, shown_alone=True, help=tr("map.up_help"))
    three_d = top.toggle(tr("map.three_d"), key="three_d", persist_state="session")
    ranges = st.container(horizontal=True)
    x_span = range_inputs(xv, point[xv], ranges)
    y_span = range_inputs(yv, point[yv], ranges)
    if x_span is None or y_span is None:
        return
    s = surface(formula, (xv, yv), point, x_span, y_span, dtype)
    grad_at = (number(result.grads[xv]), number(result.grads[yv]))
    fig = surface_figure(s, (point[xv], point[yv]), result.value.item(), grad_at, three_d, lang(), out)
    st.plotly_chart(fig, width="stretch", key="map_chart")
    missing = sum(v is None for row in s.f for v in row)
    if missing:
        st.caption(tr("map.missing", output=out, missing=missing, total=len(s.xs) * len(s.ys)))
    st.caption(tr("map.arrows", output=out, x=xv, y=yv))
    if not three_d and not equal_scale(s):
        st.caption(tr("map.unequal", x=xv, y=yv, x_span=f"{x_span[1] - x_span[0]:.4g}",
                      y_span=f"{y_span[1] - y_span[0]:.4g}", ratio=f"{MAX_ASPECT:g}"))  # fmt: skip
    slices = [curve(formula, v, point, *span, dtype) for v, span in ((xv, x_span), (yv, y_span))]
    grads = {v: number(result.grads[v]) for v in (xv, yv)}
    st.plotly_chart(slices_figure(slices, point, grads, out), width="stretch", key="slices_chart")


def show_plot(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    if not formula.variables:
        return
    st.subheader(tr("plot.heading", output=output_name(formula)))
    if not first_paint.painted():  # a new visitor's first run: the rest of the page is not held up by Plotly
        first_paint.placeholder(PLACEHOLDER_HEIGHT, tr("plot.coming"))
        return
    views = list(VIEW_KEYS) if len(formula.variables) > 1 else []
    shown = functools.partial(view_label, in_language=lang())
    if views and st.session_state.get("plot_kind") not in views:
        st.session_state["plot_kind"] = "map"
    if views and st.radio(tr("plot.view"), views, format_func=shown, key="plot_kind", horizontal=True,
                          persist_state="session") == "map":  # fmt: skip
        show_map(formula, point, result, dtype)
    else:
        show_curve(formula, point, result, dtype)
