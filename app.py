"""autodiff-explorer: type a formula, see the autograd graph PyTorch builds for it.

The entry point only: the pages, the language switch, and a shared link's settings. Each page
lives in ui/ and collects input, calls the pipeline in explorer/ and lays out the results.
"""

from __future__ import annotations

import streamlit as st

from explorer.i18n import LANGUAGE_NAMES, LANGUAGES
from ui.common import tr
from ui.links import restore_link

st.set_page_config(page_title="autodiff-explorer", page_icon="∂", layout="wide")

restore_link()  # before any widget: a link's lang=ja sets the switch below
st.sidebar.radio(tr("language.label"), LANGUAGES, format_func=LANGUAGE_NAMES.get, key="lang", horizontal=True,
                 persist_state="session")  # fmt: skip
st.navigation([
    st.Page("ui/formula/page.py", title=tr("page.formula"), icon=":material/function:", default=True),
    st.Page("ui/lab.py", title=tr("page.lab"), icon=":material/show_chart:", url_path="lab"),
]).run()  # fmt: skip
