"""The app: the pages, a shared link's settings, and the language switch. `app.py` (for `streamlit run
app.py` in a clone) and the installed `autodiff-explorer` command (explorer/ops/launch.py) both run this.

Each page lives in ui/ and collects input, calls the pipeline in explorer/ and lays out the results.
Page files are given by absolute path, so the app runs the same from a clone and from site-packages.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from explorer.i18n import LANGUAGE_NAMES, LANGUAGES
from explorer.ops.startup import prepare, settle
from explorer.share.pages import CODE_PAGE, FORMULA_PAGE, LAB_PAGE
from ui import links
from ui.common import tr
from ui.formula.inputs import DEFAULT_PRESET, apply_preset

UI = Path(__file__).resolve().parent


def main() -> None:
    st.set_page_config(page_title="autodiff-explorer", page_icon="∂", layout="wide")
    prepare()  # once per server: torch's threads, the workers' fork server (explorer/ops/startup.py)

    links.restore_language()  # the page titles below are in the link's language from the first run on
    page = st.navigation([
        st.Page(UI / "formula" / "page.py", title=tr("page.formula"), icon=":material/function:", default=True),
        st.Page(UI / "lab.py", title=tr("page.lab"), icon=":material/show_chart:", url_path="lab"),
        st.Page(UI / "code" / "page.py", title=tr("page.code"), icon=":material/code:", url_path="code"),
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
    settle()  # once: what the first run imported is kept out of the garbage collector's walks


if __name__ == "__main__":  # run by `streamlit run` as the main script (the installed command)
    main()
