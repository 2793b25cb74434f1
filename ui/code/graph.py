"""The code page's graph: the one the last backward() walked, or the one behind any named tensor, drawn by
the same view as a formula's (ui/graph_view.py)."""

from __future__ import annotations

import streamlit as st

from explorer.snippet import SnippetRun
from ui.common import tr
from ui.graph_view import chart, legend_and_downloads, show_step, step_controls, switches

PREFIX = "code_"


def choose_tensor(run: SnippetRun) -> str | None:
    """Which named tensor's graph to draw: the last backward()'s by default, or any with a grad_fn."""
    options = [h.name for h in run.tensors if h.grad_fn is not None]
    if run.graph_name and run.graph_name not in options:
        options.insert(0, run.graph_name)
    if not options:
        return None
    if st.session_state.get("code_graph_of") not in options:
        st.session_state["code_graph_of"] = run.graph_name if run.graph_name in options else options[0]
    return st.selectbox(tr("codepage.graph_of"), options, key="code_graph_of", persist_state="session")


def show_graph(run: SnippetRun, source: str) -> None:
    st.subheader(tr("codepage.graph_heading"))
    if run.graph is None:
        st.info(tr("codepage.no_graph"))
        return
    name = run.graph_name or "output"
    st.caption(tr("codepage.graph_backward" if run.from_backward else "codepage.graph_tensor", name=name))
    numbers, saved = switches(PREFIX)
    progress = step_controls(run.graph, (source, name), PREFIX) if run.from_backward else None
    chart(run.graph, name, numbers, saved, progress, fold=True)
    if progress is not None:
        show_step(run.graph, progress)
    legend_and_downloads(run.graph, name, numbers, saved, PREFIX, fold=True)
