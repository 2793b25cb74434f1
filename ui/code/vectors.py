"""A vector output, seen: its Jacobian, and backward(gradient=v) as the vector-Jacobian product vᵀJ,
computed both ways and compared (explorer/snippet/jacobian.py)."""

from __future__ import annotations

import streamlit as st

from explorer.draw.snippet_figures import heatmaps
from explorer.snippet import SnippetRun
from ui.common import kept, lang, tr, value_text

MAX_ELEMENTS = 64
PROBLEMS = {"freed": "codepage.jacobian_freed", "missing": "codepage.jacobian_missing",
            "unsuitable": "codepage.jacobian_unsuitable"}  # fmt: skip


def candidates(run: SnippetRun) -> list[str]:
    """The named vectors with a grad_fn, small enough for a Jacobian (one backward pass per element)."""
    return [h.name for h in run.tensors if h.grad_fn is not None and 2 <= _numel(h.shape) <= MAX_ELEMENTS]


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for size in shape:
        n *= size
    return n


def show_vectors(run: SnippetRun, source: str, rerun) -> None:
    names = candidates(run)
    if not names:
        return
    with st.expander(tr("codepage.vectors"), **kept("code_vectors_expander", "code_vectors_open", False)) as box:
        if not box.open:
            return
        st.markdown(tr("codepage.vectors_intro"))
        if st.session_state.get("code_jacobian_of") not in names:
            st.session_state["code_jacobian_of"] = names[0]
        chosen = st.selectbox(tr("codepage.jacobian_of"), names, key="code_jacobian_of", persist_state="session")
        found = rerun(chosen)
        if found.jacobian is None:
            st.info(tr(PROBLEMS.get(found.jacobian_problem or "", "codepage.jacobian_unsuitable"), name=chosen))
            return
        j = found.jacobian
        for leaf, matrix in j.rows.items():
            st.markdown(tr("codepage.jacobian_block", name=chosen, leaf=leaf, shape=f"{tuple(matrix.shape)}"))
            title = tr("figure.jacobian", name=chosen, leaf=leaf)  # ∂y/∂x, not a value
            st.plotly_chart(heatmaps(matrix, None, lang(), title), width="stretch", key=f"code_jacobian:{leaf}")
        if j.v is None or j.by_backward is None:
            st.caption(tr("codepage.vjp_none", name=chosen))
            return
        st.markdown(tr("codepage.vjp_v", name=chosen, v=value_text(j.v)))
        for leaf, from_matrix, from_backward, gap in j.compared():
            st.markdown(tr("codepage.vjp_leaf", leaf=leaf, matrix=value_text(from_matrix),
                           backward=value_text(from_backward), gap="–" if gap is None else f"{gap:.3g}"))  # fmt: skip
