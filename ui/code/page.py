"""The code page: paste PyTorch code, see what it prints, what PyTorch raises, and the graph it recorded.

The snippet runs in a worker process (explorer/snippet/worker.py) by our own interpreter; the page
only collects the text, asks for the run, and lays out what came back."""

from __future__ import annotations

import streamlit as st

from explorer.share import CODE_PAGE
from explorer.snippet import SnippetRun
from explorer.snippet.worker import run_in_worker
from ui import links
from ui.code.graph import choose_tensor, show_graph
from ui.code.inputs import example_buttons, snippet_input
from ui.code.results import show_output, show_refused, show_tensors
from ui.common import tr


@st.cache_data(max_entries=64, show_spinner=False)
def cached_run(source: str, graph_of: str | None) -> SnippetRun:
    """A run depends on the text alone (the random generator starts from the same seed every time)."""
    return run_in_worker(source, graph_of)


st.title(tr("page.code"))
st.caption(tr("codepage.caption"))
links.warnings("code")
example_buttons()
source = snippet_input()
with st.spinner(tr("codepage.running")):
    run = cached_run(source, None)
if run.refused is not None:
    show_refused(run, source)
else:
    show_output(run, source)
    show_tensors(run)
    chosen = choose_tensor(run)
    if chosen is not None and chosen != run.graph_name:
        with st.spinner(tr("codepage.running")):
            run = cached_run(source, chosen)
    show_graph(run, source)
st.download_button(tr("codepage.download_snippet"), source, file_name="snippet.py", mime="text/x-python",
                   key="code_download", on_click="ignore")  # fmt: skip
links.save(CODE_PAGE)
