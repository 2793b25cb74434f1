"""The code page's inputs: the examples, the snippet box (Ctrl+Enter or Run applies)."""

from __future__ import annotations

import streamlit as st

from explorer.snippet.catalog import EXAMPLES, FIRST_EXAMPLE, Example
from ui.common import tr


def use_example(example: Example) -> None:
    st.session_state["code_source"] = example.source
    st.session_state.pop("code_graph_of", None)  # the new snippet's last backward() is drawn


def example_buttons() -> None:
    st.caption(f"**{tr('sidebar.examples')}** · {tr('codepage.examples_caption')}")
    with st.container(horizontal=True, gap="small", key="code_examples"):
        for example in EXAMPLES:
            st.button(tr(example.label), key=f"code_example:{example.file}", on_click=use_example, args=(example,),
                      width="content")  # fmt: skip


def snippet_input() -> str:
    """The snippet as typed; kept while the user is on another page."""
    st.session_state.setdefault("code_source", FIRST_EXAMPLE.source)
    text = st.text_area(tr("codepage.label"), key="code_source", height=320, persist_state="session",
                        help=tr("codepage.help"), placeholder="import torch\nx = torch.tensor(2.0, requires_grad=True)")
    st.button(tr("codepage.run"), key="code_run", type="primary")  # a rerun runs the box's text (cached when unchanged)
    return text or ""
