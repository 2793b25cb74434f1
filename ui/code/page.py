"""The code page: paste PyTorch code, see what it prints, what PyTorch raises, and the graph it recorded.

The snippet runs in a worker process (explorer/snippet/worker.py) by our own interpreter; the page
only collects the text, asks for the run, and lays out what came back."""

from __future__ import annotations

import streamlit as st

from explorer.share.pages import CODE_PAGE
from ui import links
from ui.code.graph import choose_tensor, show_graph
from ui.code.inputs import example_buttons, snippet_input
from ui.code.results import show_drawings, show_output, show_refused, show_tensors
from ui.code.runs import along_run, snippet_run
from ui.code.training import show_along, show_training
from ui.code.vectors import show_vectors
from ui.common import tr

st.title(tr("page.code"))
st.caption(tr("codepage.caption"))
links.warnings("code")
example_buttons()
source = snippet_input()
with st.spinner(tr("codepage.running")):
    run = snippet_run(source, None)
if run.refused is not None:
    show_refused(run, source)
else:
    show_output(run, source)
    show_drawings(run)
    show_tensors(run)
    chosen = choose_tensor(run)
    drawn = run
    if chosen is not None:
        with st.spinner(tr("codepage.running")):
            drawn = snippet_run(source, chosen)
    show_graph(drawn, source)
    show_vectors(run, source, lambda name: snippet_run(source, None, name))
    show_training(run, lambda parameter, index: snippet_run(source, follow=(parameter, index)))
    show_along(run, lambda leaf, index, span: along_run(source, leaf, index, span))
st.download_button(tr("codepage.download_snippet"), source, file_name="snippet.py", mime="text/x-python",
                   key="code_download", on_click="ignore")  # fmt: skip
links.save(CODE_PAGE)
