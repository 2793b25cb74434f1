"""Beyond first derivatives: the Hessian and the gradient's own graph, forward mode, backward again.

Only the open tab is computed. The page's requires_grad settings count, and where PyTorch raises,
its error is what the tab shows."""

from __future__ import annotations

import streamlit as st

from explorer.formula.compare import BADGES, latex_number, summarize
from explorer.formula.forward import torch_text
from explorer.formula.higher_order import accumulated, directional, gradient_graph, hessian
from explorer.formula.printing import canonical
from explorer.formula.report import output_name
from explorer.formula.script import again_line, again_script
from explorer.formula.symbolic import evaluate
from explorer.formula.symbolic_job import Outcome, second_derivatives_bounded
from explorer.formula.tree import Formula
from explorer.traced.mistakes import Raised
from ui.common import choice, number_field, plain, tr, value_text
from ui.graph_panel import Parts, panel

MAX_GRADIENT_GRAPH = 600  # nodes + edges of the gradient's own graph that are still drawn
TABS = {"hessian": "beyond.hessian", "modes": "beyond.modes", "again": "beyond.again"}


@st.cache_data(max_entries=64, show_spinner=False)
def cached_second_derivatives(text: str) -> Outcome:
    """SymPy's Hessian for a formula text, in the bounded worker (pure, so shared safely)."""
    return second_derivatives_bounded(text)


def show_raised(error: Raised) -> None:
    """PyTorch's error as Python ends its traceback, and a plain note for the classic mistakes."""
    st.error(tr("raised.heading") + "\n\n" + plain(error.line))  # plain text: a long message wraps
    if error.note:
        st.caption(tr(error.note))


def matrix_latex(names: tuple[str, ...], rows: dict[str, dict[str, float]]) -> str:
    body = r" \\ ".join(" & ".join(latex_number(rows[a][b]) for b in names) for a in names)
    return rf"H = \begin{{bmatrix}} {body} \end{{bmatrix}}"


def show_hessian(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    out = output_name(formula)
    h = hessian(formula, point, dtype, grads)
    if h.names:
        st.markdown(tr("hessian.intro", order=", ".join(f"`{n}`" for n in h.names)))
        if h.fixed:
            st.caption(tr("hessian.fixed", names=", ".join(f"`{n}`" for n in h.fixed)))
        st.latex(matrix_latex(h.names, h.rows))
        outcome = cached_second_derivatives(formula.text)
        if not outcome.ok:
            st.caption(tr("hessian.gave_up", reason=plain(outcome.reason)))
        else:
            pairs = [(h.rows[a][b], evaluate(outcome.value[a][b], point)) for a in h.names for b in h.names]
            summary = summarize(pairs, dtype)
            worst = "–" if summary.worst is None else f"{summary.worst:.3g}"
            badge = tr(BADGES[summary.verdict]) if summary.verdict in BADGES else tr("hessian.nothing_compared")
            st.markdown(tr("hessian.against", agreeing=summary.agreeing, compared=summary.compared,
                           total=len(pairs), worst=worst, badge=badge))  # fmt: skip
            for reason in summary.reasons:
                st.caption(tr(reason))
    else:
        st.info(tr("hessian.none_tracked", output=out))
    variable = choice(tr("hessian.variable"), list(formula.variables), "hess_var", st)
    gg = gradient_graph(formula, variable, point, dtype, grads)
    if isinstance(gg, Raised):  # x has requires_grad off: autograd.grad cannot differentiate with respect to it
        st.markdown(tr("hessian.call", output=out, variable=variable))
        show_raised(gg)
        return
    st.caption(tr("hessian.gradient_graph", output=out, variable=variable, value=value_text(gg.value)))
    size = len(gg.graph.nodes) + len(gg.graph.edges)
    if size > MAX_GRADIENT_GRAPH:  # the browser's Graphviz would take minutes (x*x*...*x: 396 + 788)
        st.info(tr("hessian.too_large", nodes=len(gg.graph.nodes), edges=len(gg.graph.edges)))
    else:
        panel(gg.graph, f"∂{out}/∂{variable}", Parts("hess_", controls=False, numbers=False, picker=False,
                                                  downloads=False, name="gradient"))


def show_modes(formula: Formula, point: dict[str, float], dtype: str) -> None:
    names = formula.variables
    st.markdown(tr("modes.direction", output=output_name(formula)))
    columns = [c for i in range(0, len(names), 6) for c in st.columns(6)]
    direction = {name: number_field(f"v_{name}", f"dir:{name}", 1.0, container=column, fmt="%.4g")
                 for column, name in zip(columns, names, strict=False)}  # fmt: skip
    d = directional(formula, point, direction, dtype)
    st.markdown(tr("modes.values", jvp=f"{d.jvp:.6g}", dot=f"{d.grad_dot:.6g}"))
    st.caption(tr("modes.explain", count=len(names)))


def show_again(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    """backward() again and again on one graph: .grad piles up, and why retain_graph=True is needed."""
    if st.session_state.get("again_for", canonical(formula)) != canonical(formula):
        st.session_state["again"] = 1  # a new formula starts with one call (a link's count applies to its own)
    st.session_state["again_for"] = canonical(formula)
    st.session_state["again"] = max(1, min(int(st.session_state.get("again", 1)), 50))
    left, right, _ = st.columns([1, 1, 3])
    if left.button(tr("again.more"), key="again_more", disabled=st.session_state["again"] >= 50):
        st.session_state["again"] += 1
    if right.button(tr("again.reset"), key="again_reset"):
        st.session_state["again"] = 1
    calls = st.session_state["again"]
    again = accumulated(formula, point, calls, grads, dtype)
    st.markdown(tr("again.intro", output=output_name(formula)))
    st.code(again_script(formula, point, calls, grads, dtype), language="python")
    printed = [again_line(k, n, torch_text(g)) for k, h in enumerate(again.history, start=1) for n, g in h.items()]
    if printed:
        st.markdown(tr("again.prints"))
        st.code("\n".join(printed[-6 * len(formula.variables):]), language=None)
    if again.error is not None:
        show_raised(again.error)
        return
    if again.without_retain is not None:
        st.caption(tr("again.retain", line=again.without_retain.line))
    else:
        st.caption(tr("again.no_saved"))
    if len(again.history) > 1:
        st.warning(tr("again.warning", count=len(again.history)))


def show_beyond(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    if not formula.variables:
        return
    st.subheader(tr("beyond.heading"))
    labels = {tab: tr(key) for tab, key in TABS.items()}
    chosen = st.session_state.get("beyond_tab", "hessian")
    st.session_state["beyond_tabs"] = labels.get(chosen, labels["hessian"])  # the tabs' state is a label: translated

    def remember() -> None:
        shown = st.session_state["beyond_tabs"]
        st.session_state["beyond_tab"] = next(tab for tab, label in labels.items() if label == shown)

    hess, modes, again = st.tabs(list(labels.values()), key="beyond_tabs", on_change=remember)
    if hess.open:
        with hess:
            show_hessian(formula, point, grads, dtype)
    if modes.open:
        with modes:
            show_modes(formula, point, dtype)
    if again.open:
        with again:
            show_again(formula, point, grads, dtype)
