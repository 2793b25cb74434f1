"""The code page's runs: asked of a worker once per text (shared cache of plain data), rebuilt into tensors
once per session (kept in that session's state), so a rerun of the page costs neither."""

from __future__ import annotations

import streamlit as st

from explorer.snippet import SnippetRun
from explorer.snippet.worker import along_in_worker, ask_run, run_from
from explorer.traced.training import Along

KEPT = 5  # runs a session keeps rebuilt: the snippet, the tensor drawn, the vector, the element followed, one more


@st.cache_data(max_entries=64, show_spinner=False)
def _answer(source: str, graph_of: str | None, jacobian_of: str | None, follow: tuple[str, int] | None) -> dict:
    """A run depends on the text alone (the random generator starts from the same seed every time). Plain
    data: copying it out of the cache takes milliseconds where a graph of tensors takes seconds."""
    return ask_run(source, graph_of, jacobian_of=jacobian_of, follow=follow)


def snippet_run(source: str, graph_of: str | None = None, jacobian_of: str | None = None,
                follow: tuple[str, int] | None = None) -> SnippetRun:  # fmt: skip
    kept: dict[tuple, SnippetRun] = st.session_state.setdefault("code_runs", {})
    key = (source, graph_of, jacobian_of, follow)
    if key not in kept:
        kept[key] = run_from(_answer(source, graph_of, jacobian_of, follow))
        while len(kept) > KEPT:
            kept.pop(next(iter(kept)))
    return kept[key]


@st.cache_data(max_entries=32, show_spinner=False)
def along_run(source: str, leaf: str, index: int, span: float) -> Along | None:
    return along_in_worker(source, leaf, index, span)
