"""What every page needs: the user's language, plain text through Markdown, fresh charts."""

from __future__ import annotations

import hashlib
import math
import re

import streamlit as st

from explorer.draw.labels import written
from explorer.draw.svg import svg
from explorer.i18n import Message, language, t


def lang() -> str:
    """The language the user chose in the sidebar ("en" or "ja"; English until then)."""
    return language(st.session_state.get("lang"))


def tr(said: str | Message, **params: object) -> str:
    """The one translation helper of the pages: a catalog key with its params (explorer/i18n), or a Message
    (what an error or a preset says), in the user's language."""
    return said.say(lang()) if isinstance(said, Message) else t(said, lang(), **params)


def value_text(value: object) -> str:
    """A number or tensor as the page writes it (`(5, 2) in [-1.2, 0.8]`), in the user's language."""
    return written(value, lang=lang())


def plain(text: str) -> str:
    """Text shown through Markdown as it is: every ASCII punctuation mark escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$&:'\"])", r"\\\1", text)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_svg(dot: str) -> bytes:
    """SVG of a DOT text (Graphviz in WebAssembly on the server); pure, so shared safely."""
    return svg(dot)


def fresh_chart(dot: str, name: str) -> None:
    """A Graphviz chart in a container keyed by its DOT text: a changed drawing is a new element.

    The browser's Graphviz then lays it out from scratch; diffing a large drawing against the
    previous one took seconds (measured: 4.0 s against 0.8 s for a 150-node graph)."""
    with st.container(key=f"{name}-{hashlib.sha256(dot.encode()).hexdigest()[:16]}"):
        st.graphviz_chart(dot)


def number_field(label: str, key: str, default: float, *, container=st, step: float = 0.1, fmt: str = "%.6g",
                 help: str | None = None, errors=None) -> float:  # fmt: skip
    """A number input that may be emptied, and kept while it is not drawn (persist_state).

    An empty field is not silently 0: the page says so (in `errors`, by default under the field) and
    keeps using the last number it had."""
    st.session_state.setdefault(key, default)
    value = container.number_input(label, key=key, value=None, step=step, format=fmt, persist_state="session",
                                   help=help)  # fmt: skip
    good = f"good:{key}"
    if value is None or not math.isfinite(value):
        last = st.session_state.get(good, default)
        (errors or container).error(tr("field.empty", name=label, value=f"{last:.6g}"))
        return float(last)
    st.session_state[good] = float(value)
    return float(value)


def choice(label: str, options: list[str], key: str, container, shown_alone: bool = False, **kwargs) -> str:
    """A selectbox that keeps its value while hidden, and falls back to the first option when the
    value it kept (or a link gave) is not among today's options. One option is no choice: no box
    (a widget less on every rerun), unless `shown_alone` (the box then says which one it is)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    if len(options) == 1 and not shown_alone:
        return options[0]
    return container.selectbox(label, options, key=key, persist_state="session", **kwargs)


def kept(widget: str, store: str, default: object) -> dict:
    """Arguments that make a stateful container (expander, tabs) keep its state in `store` while it is
    not drawn (a formula with a typo hides it for one run): the widget starts from `store` and its
    on_change callback writes back. Expanders and tabs have no persist_state of their own."""
    st.session_state[widget] = st.session_state.get(store, default)

    def remember() -> None:
        st.session_state[store] = st.session_state[widget]

    return {"key": widget, "on_change": remember}
