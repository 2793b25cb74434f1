"""Share links on the page: a link's settings become the widgets' starting values, and the page's
state goes back into the URL (explorer/share.py checks every parameter like typed input)."""

from __future__ import annotations

import streamlit as st

from explorer import share
from explorer.parse import Formula
from ui.common import lang, plain, tr
from ui.formula.inputs import DEFAULT_PRESET, apply_preset
from ui.formula.plots import VIEW_LABELS


def restore_link() -> None:
    """Once per session: a shared link's settings become the widgets' starting values.

    Runs before any widget (the language switch in the sidebar comes first on every page);
    what could not be used is kept for `link_warnings` on the formula page."""
    if st.session_state.get("link_read"):
        return
    st.session_state["link_read"] = True
    state, problems = share.read(st.query_params.to_dict())
    if state.formula is None:
        apply_preset(DEFAULT_PRESET)
    else:
        st.session_state["formula"] = state.formula
    for name, value in state.values.items():
        st.session_state[f"value:{name}"] = value
    for name, grad in state.grads.items():
        st.session_state[f"grad:{name}"] = grad
    if state.dtype:
        st.session_state["dtype"] = state.dtype
    for name, (lo, hi) in state.ranges.items():
        for key, value in ((f"lo:{name}", lo), (f"hi:{name}", hi)):
            if value is not None:
                st.session_state[key] = value
    if state.view:
        st.session_state["plot_kind"] = VIEW_LABELS[state.view]
    if state.lang:
        st.session_state["lang"] = state.lang
    st.session_state["link_problems"] = problems


def link_warnings() -> None:
    """What a shared link asked for and did not get, once, in the user's language."""
    for problem in st.session_state.pop("link_problems", []):
        reason = problem.localized(lang())
        st.warning(tr("link.not_used", parameter=plain(problem.parameter), reason=plain(reason)))


def save_link(formula: Formula | None, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    """The page's state into the URL, so that a copied link reopens exactly this view."""
    names = formula.variables if formula else ()
    ranges = {n: (st.session_state.get(f"lo:{n}"), st.session_state.get(f"hi:{n}")) for n in names}
    view = next((k for k, label in VIEW_LABELS.items() if st.session_state.get("plot_kind") == label), None)
    ranges = {n: r for n, r in ranges.items() if r != (None, None)}
    state = share.ViewState(st.session_state.get("formula", ""), point, grads, dtype, ranges,
                            view if len(names) > 1 else None, lang=st.session_state.get("lang", "en"))  # fmt: skip
    params = share.write(state)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
