"""Beyond first derivatives: the Hessian and the gradient's own graph, forward mode, backward again."""

from __future__ import annotations

import math

import streamlit as st

from explorer.bounded import Outcome, run_bounded
from explorer.build import torch_text
from explorer.draw import to_dot
from explorer.graph import short
from explorer.higher import accumulated, directional, gradient_graph, hessian
from explorer.parse import Formula, canonical, parse
from explorer.symbolic import evaluate, second_derivatives
from ui.common import fresh_chart, plain, tr

MAX_GRADIENT_GRAPH = 600  # nodes + edges of the gradient's own graph that are still drawn


@st.cache_data(max_entries=64, show_spinner=False)
def cached_second_derivatives(text: str) -> Outcome:
    """SymPy's Hessian for a formula text, in the bounded worker (pure, so shared safely)."""
    return run_bounded(second_derivatives, parse(text))


def matrix_latex(names: tuple[str, ...], rows: dict[str, dict[str, float]]) -> str:
    body = r" \\ ".join(" & ".join(f"{rows[a][b]:.6g}" for b in names) for a in names)
    return rf"H = \begin{{bmatrix}} {body} \end{{bmatrix}}"


def show_hessian(formula: Formula, point: dict[str, float], dtype: str) -> None:
    names = formula.variables
    h = hessian(formula, point, dtype)
    order = ", ".join(f"`{n}`" for n in names)
    st.markdown(tr("hessian.intro", order=order))
    st.latex(matrix_latex(names, h))
    outcome = cached_second_derivatives(formula.text)
    if not outcome.ok:
        st.caption(tr("hessian.gave_up", reason=plain(outcome.reason)))
    else:
        tolerance = 1e-4 if dtype == "float32" else 1e-9
        worst = max(
            (abs(h[a][b] - value) / max(1.0, abs(value)) for a in names for b in names
             if isinstance(value := evaluate(outcome.value[a][b], point), float) and math.isfinite(value)
             and math.isfinite(h[a][b])),
            default=0.0,
        )  # fmt: skip
        badge = tr("badge.agrees") if worst <= tolerance else tr("badge.differs")
        st.markdown(tr("hessian.against", worst=f"{worst:.3g}", badge=badge))
    variable = st.selectbox(tr("hessian.variable"), names, key="hess_var")
    gg = gradient_graph(formula, variable, point, dtype)
    st.caption(tr("hessian.gradient_graph", variable=variable, value=short(gg.value)))
    size = len(gg.graph.nodes) + len(gg.graph.edges)
    if size > MAX_GRADIENT_GRAPH:  # the browser's Graphviz would take minutes (x*x*...*x: 396 + 788)
        st.info(tr("hessian.too_large", nodes=len(gg.graph.nodes), edges=len(gg.graph.edges)))
    else:
        fresh_chart(to_dot(gg.graph, f"∂y/∂{variable}", numbers=False, name="gradient"), "double")


def show_modes(formula: Formula, point: dict[str, float], dtype: str) -> None:
    names = formula.variables
    st.markdown(tr("modes.direction"))
    columns = [c for i in range(0, len(names), 6) for c in st.columns(6)]
    direction = {}
    for column, name in zip(columns, names, strict=False):
        st.session_state.setdefault(f"dir:{name}", 1.0)
        direction[name] = column.number_input(f"v_{name}", key=f"dir:{name}", format="%.4g")
    d = directional(formula, point, direction, dtype)
    st.markdown(tr("modes.values", jvp=f"{d.jvp:.6g}", dot=f"{d.grad_dot:.6g}"))
    st.caption(tr("modes.explain", count=len(names)))


def show_again(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    if st.session_state.get("again_for") != canonical(formula):
        st.session_state["again_for"] = canonical(formula)
        st.session_state["again"] = 1
    left, right, _ = st.columns([1, 1, 3])
    if left.button(tr("again.more"), key="again_more", disabled=st.session_state["again"] >= 50):
        st.session_state["again"] += 1
    if right.button(tr("again.reset"), key="again_reset"):
        st.session_state["again"] = 1
    history = accumulated(formula, point, st.session_state["again"], grads, dtype)
    lines = [tr("again.after_call", count=k + 1) + "\n" + "\n".join(f"{n}.grad = {torch_text(g)}" for n, g in h.items())
             for k, h in enumerate(history)]  # fmt: skip
    st.code("\n".join(lines[-6:]), language="python")
    if len(history) > 1:
        st.warning(tr("again.warning", count=len(history)))


def show_beyond(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    if not formula.variables:
        return
    st.subheader(tr("beyond.heading"))
    hess, modes, again = st.tabs([tr("beyond.hessian"), tr("beyond.modes"), tr("beyond.again")])
    with hess:
        show_hessian(formula, point, dtype)
    with modes:
        show_modes(formula, point, dtype)
    with again:
        show_again(formula, point, grads, dtype)
