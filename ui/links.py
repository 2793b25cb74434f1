"""Share links on a page: a link's settings become the widgets' starting values, what could not be
used is named once, and the page's settings go back into the URL (explorer/share/ checks every
parameter like typed input and says which widget holds which parameter)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from explorer.share.links import read, write
from explorer.share.pages import LANGUAGE
from explorer.share.setting import Setting
from ui.common import plain, tr


def restore(settings: Iterable[Setting], page: str, start: Callable[[], None] | None = None) -> None:
    """Once per session and page, before any widget: the link's values into session state. `start`
    sets the page up first when the link does not name its main input (the formula page's example)."""
    done = f"link_read:{page}"
    if st.session_state.get(done):
        return
    st.session_state[done] = True
    values, problems = read(st.query_params.to_dict(), settings)
    if start is not None and "formula" not in values and "formula" not in st.session_state:
        start()
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state[f"link_problems:{page}"] = problems


def restore_language() -> None:
    """Once per session, before the pages are named: a link's lang, which every page shares (the page's
    own `restore` reads it again with the rest, and names it if it was not a language)."""
    if st.session_state.get("link_read:lang"):
        return
    st.session_state["link_read:lang"] = True
    values, _ = read({"lang": st.query_params["lang"]} if "lang" in st.query_params else {}, [LANGUAGE])
    if "lang" in values:
        st.session_state["lang"] = values["lang"]


def warnings(page: str) -> None:
    """What a shared link asked for and did not get, once, in the user's language."""
    for problem in st.session_state.pop(f"link_problems:{page}", []):
        reason = tr(problem.said)
        st.warning(tr("link.not_used", parameter=plain(problem.parameter), reason=plain(reason)))


def save(settings: Iterable[Setting], variables: Iterable[str] = ()) -> None:
    """The page's settings into the URL, so that a copied link reopens exactly this view."""
    params = write(st.session_state, variables, settings)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
