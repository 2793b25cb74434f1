"""autodiff-explorer: type a formula, see the autograd graph PyTorch builds for it.

The entry point only: the pages, a shared link's settings, and the language switch. Each page
lives in ui/ and collects input, calls the pipeline in explorer/ and lays out the results.
"""

from __future__ import annotations

import streamlit as st

from explorer.i18n import LANGUAGE_NAMES, LANGUAGES
from explorer.share import CODE_PAGE, FORMULA_PAGE, LAB_PAGE
from explorer.startup import prepare
from ui import links
from ui.common import tr
from ui.formula.inputs import DEFAULT_PRESET, apply_preset

st.set_page_config(page_title="autodiff-explorer", page_icon="∂", layout="wide")
prepare()  # once per server: torch's threads, the workers' fork servers (explorer/startup.py)

links.restore_language()  # the page titles below are in the link's language from the first run on
page = st.navigation([
    st.Page("ui/formula/page.py", title=tr("page.formula"), icon=":material/function:", default=True),
    st.Page("ui/lab.py", title=tr("page.lab"), icon=":material/show_chart:", url_path="lab"),
    st.Page("ui/code/page.py", title=tr("page.code"), icon=":material/code:", url_path="code"),
])  # fmt: skip
# Before any widget: a link's settings (lang=ja among them) become the widgets' starting values.
if page.url_path == "lab":
    links.restore(LAB_PAGE, "lab")
elif page.url_path == "code":
    links.restore(CODE_PAGE, "code")
else:  # a link without a formula opens on the tutorial's example 5
    links.restore(FORMULA_PAGE, "formula", start=lambda: apply_preset(DEFAULT_PRESET))
st.sidebar.radio(tr("language.label"), LANGUAGES, format_func=LANGUAGE_NAMES.get, key="lang", horizontal=True,
                 persist_state="session")  # fmt: skip
page.run()
