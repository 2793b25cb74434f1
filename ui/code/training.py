"""A snippet's training, seen: the loss per step, one element of a parameter (any, written as PyTorch indexes
it) and the size of .grad each step used; and the loss along one element of a leaf, replayed, with autograd's
tangent."""

from __future__ import annotations

import math

import streamlit as st

from explorer.draw.snippet_figures import along_figure, training_figures
from explorer.snippet import SnippetRun
from explorer.traced.training import index_text
from ui.common import kept, lang, number_field, tr

LISTED = 1_000  # elements of a parameter offered in a list; a larger one is picked by its flat index


def _element(name: str, shape: list[int]) -> int:
    """The element of `name` to follow, as a flat index: from a list `[0, 2]`, or by number when large."""
    size = math.prod(shape)
    if size <= LISTED:
        if st.session_state.get("code_element") not in range(size):
            st.session_state["code_element"] = 0
        return int(st.selectbox(tr("codepage.element"), list(range(size)), key="code_element",
                                format_func=lambda i: index_text(shape, i) or "[]", persist_state="session"))
    flat = int(number_field(tr("codepage.element_flat", size=f"{size:,}"), "code_element_flat", 0.0, step=1.0,
                            fmt="%g"))  # fmt: skip
    flat = max(0, min(flat, size - 1))
    st.caption(f"{name}{index_text(shape, flat)}")
    return flat


def show_training(run: SnippetRun, follow) -> None:
    """`follow(name, index)`: the run again, recording that element (the worker keeps element 0 of each)."""
    training = run.training
    if training.steps < 1 or not training.names:
        return
    st.subheader(tr("codepage.training_one") if training.steps == 1 else tr("codepage.training", steps=training.steps))
    if st.session_state.get("code_parameter") not in training.names:
        st.session_state["code_parameter"] = training.names[0]
    parameter = st.selectbox(tr("codepage.parameter"), training.names, key="code_parameter", persist_state="session")
    index = _element(parameter, training.shapes.get(parameter, []))
    if training.followed.get(parameter, 0) != index:
        with st.spinner(tr("codepage.running")):
            training = follow(parameter, index).training
    columns = st.columns(3)
    for k, (column, figure) in enumerate(zip(columns, training_figures(training, parameter, lang()), strict=True)):
        column.plotly_chart(figure, width="stretch", key=f"code_training_chart{k}")
    if training.piling(parameter):
        st.warning(tr("codepage.piling", name=parameter))  # every step's .grad larger: zero_grad() forgotten?


def show_along(run: SnippetRun, replay) -> None:
    """The first backward()'s loss along one element of a leaf (replays in the worker, only while open)."""
    leaves = list(run.first_grads)
    if not run.losses or not leaves:
        return
    with st.expander(tr("codepage.along"), **kept("code_along_expander", "code_along_open", False)) as box:
        if not box.open:
            return
        row = st.columns([2, 1, 1])
        if st.session_state.get("code_along_leaf") not in leaves:
            st.session_state["code_along_leaf"] = leaves[0]
        leaf = row[0].selectbox(tr("codepage.parameter"), leaves, key="code_along_leaf", persist_state="session")
        size = len(run.first_grads[leaf])
        index = row[1].selectbox(tr("codepage.element"), list(range(min(size, 100))), key="code_along_index",
                                 persist_state="session")  # fmt: skip
        span = number_field(tr("codepage.span"), "code_along_span", 1.0, container=row[2])
        with st.spinner(tr("codepage.running")):
            found = replay(leaf, int(index), abs(span) or 1.0)
        if found is None or found.problem:
            st.info(tr("codepage.along_heavy", seconds=f"{found.seconds:.2f}") if found and found.problem == "heavy"
                    else tr("codepage.along_none"))  # fmt: skip
            return
        st.plotly_chart(along_figure(found, lang()), width="stretch", key="code_along_chart")
        st.caption(tr("codepage.along_caption", name=f"{leaf}[{index}]", slope=f"{found.slope:.4g}"))
