"""What the snippet printed, what PyTorch raised (with the line marked and a plain note), its warnings, the
figures it drew with matplotlib.pyplot, and the tensors its variables hold."""

from __future__ import annotations

import streamlit as st

from explorer.draw.plt_figures import plt_figures
from explorer.snippet import SnippetRun
from explorer.traced.mistakes import explanation
from ui.common import plain, tr


def marked(source: str, line: int, column: int | None = None) -> str:
    """The snippet's line `line` with the line before it, and a marker under it (a caret at `column`)."""
    lines = source.splitlines() or [""]
    line = max(1, min(line, len(lines)))
    shown = [f"{n:>3} | {lines[n - 1]}" for n in range(max(1, line - 1), line + 1)]
    text = lines[line - 1]
    start = column if column is not None else len(text) - len(text.lstrip())
    under = "^" * max(1, len(text.rstrip()) - start) if column is None else "^"
    return "\n".join([*shown, " " * (start + 6) + under])


def note(message: str) -> None:
    found = explanation(message)
    if found is not None:
        key, params = found
        st.info(tr(key, **params))


def show_refused(run: SnippetRun, source: str) -> None:
    refused = run.refused
    st.error(tr("codepage.refused", error=plain(tr(refused.said))))
    if refused.line:
        st.code(marked(source, refused.line, refused.column), language=None)


def show_output(run: SnippetRun, source: str) -> None:
    st.subheader(tr("codepage.output"))
    if run.output:
        st.code(run.output, language=None, wrap_lines=True)
    else:
        st.caption(tr("codepage.no_output"))
    for warned in run.warnings:
        st.warning(tr("codepage.warning", line=warned.line, category=warned.category, message=plain(warned.message)))
        note(warned.message)
    if run.error is not None:
        st.error(tr("codepage.raised", line=run.error.line) + "\n\n" + plain(run.error.raised.line))  # (it wraps)
        st.code(marked(source, run.error.line), language=None)
        note(run.error.raised.message)


def show_drawings(run: SnippetRun) -> None:
    """The figures plt drew, in the order the snippet showed them, as Plotly figures (built once per run kept)."""
    if not run.drawings:
        return
    built = st.session_state.get("code_plt_built")
    if built is None or built[0] is not run.drawings:
        built = (run.drawings, plt_figures(run.drawings))
        st.session_state["code_plt_built"] = built
    for k, figure in enumerate(built[1]):
        st.plotly_chart(figure, width="stretch", key=f"code_plt_chart{k}")


def show_tensors(run: SnippetRun) -> None:
    if not run.tensors:
        return
    # Four narrow columns, so that a phone shows them all: grad_fn, or what a tensor without one is.
    rows = [{tr("codepage.column.name"): h.name, tr("codepage.column.shape"): str(tuple(h.shape)),
             "dtype": h.dtype, "grad_fn": h.grad_fn or ("leaf, requires_grad" if h.requires_grad
                                                        else "requires_grad=False")}
            for h in run.tensors]  # fmt: skip
    st.markdown(tr("codepage.tensors"))
    st.dataframe(rows, hide_index=True, width="stretch")
