"""The code page's graph: the last walk (backward() or autograd.grad(), named or not), a named tensor's part of
it, or the graph behind any named tensor, drawn by the same panel as a formula's (ui/graph_panel.py)."""

from __future__ import annotations

import streamlit as st

from explorer.snippet import SnippetRun
from explorer.snippet.graph_size import MAX_GRAPH
from explorer.traced.graph import Graph
from ui.common import tr, value_text
from ui.graph_panel import Parts, panel

PREFIX = "code_"


def choose_tensor(run: SnippetRun) -> str | None:
    """Which graph to draw: None, the last walk's, by default (called by its expression when no variable holds
    its tensor: `y.sum()`), or the name of any named tensor with a grad_fn (its part of the walk, if any)."""
    walked = run.graph is not None and run.graph.walk is not None
    options: list[str | None] = [h.name for h in run.tensors if h.grad_fn is not None and h.name != run.graph_name]
    if walked:
        options.insert(0, None)
    if not options:
        return None
    if st.session_state.get("code_graph_of") not in options:
        st.session_state["code_graph_of"] = options[0]

    def shown(option: str | None) -> str:
        return tr("codepage.the_walk", name=run.graph_name or "output") if option is None else option

    return st.selectbox(tr("codepage.graph_of"), options, key="code_graph_of", format_func=shown,
                        persist_state="session")  # fmt: skip


def caption(graph: Graph, name: str) -> str:
    """What the drawing is: which walk (and how it ended), a part of one, or a graph no walk went through."""
    walk = graph.walk
    if walk is None:
        return tr("codepage.graph_tensor", name=name)
    call = walk.call or f"{name}.backward()"
    if walk.part_of is not None:
        return tr("codepage.graph_part", walk=walk.part_of, name=name)
    if walk.undrawn is not None:  # recorded, not drawn
        key = "codepage.graph_undrawn_outputs" if walk.undrawn == "outputs" else "codepage.graph_undrawn_large"
        return tr(key, call=call, line=walk.line, count=f"{MAX_GRAPH:,}")
    if walk.error is not None:
        return tr("codepage.graph_failed", call=call, line=walk.line)
    return tr("codepage.graph_grad" if walk.kind == "grad" else "codepage.graph_backward", call=call, line=walk.line)


def earlier_notes(graph: Graph) -> list[str]:
    """Where each leaf's .grad came from, when it held something before the walk: the earlier calls."""
    notes = []
    for found in graph.walk.earlier if graph.walk is not None else ():
        leaf = next((n for n in graph.nodes if n.variable == found.leaf), None)
        if leaf is None:
            continue
        calls = [tr("codepage.earlier_times" if times > 1 else "codepage.earlier_call", call=text, line=line,
                    times=times) for line, text, times in found.calls]  # fmt: skip
        if found.other or not calls:
            calls.append(tr("codepage.earlier_other"))
        before, after = value_text(leaf.held_before), value_text(leaf.held)
        unchanged = graph.walk.error is not None and before == after  # it raised before adding anything here
        notes.append(tr("codepage.earlier_failed" if unchanged else "codepage.earlier", leaf=found.leaf, before=before,
                        calls=tr("list.separator").join(calls), after=after))  # fmt: skip
    for leaf, line in graph.walk.changed if graph.walk is not None else ():
        notes.append(tr("codepage.changed", leaf=leaf, line=line))
    return notes


def show_graph(run: SnippetRun, source: str) -> None:
    st.subheader(tr("codepage.graph_heading"))
    if run.graph is None:
        st.info(tr("codepage.no_graph"))
        return
    name = run.graph_name or "output"
    st.caption(caption(run.graph, name))
    if not run.graph.nodes and run.graph.walk is not None and run.graph.walk.undrawn is not None:
        return  # nothing to draw: the caption says why
    notes = earlier_notes(run.graph)
    if run.graph.walk is not None and run.stepped_after_walk:  # the drawn values are those before the step
        notes.append(tr("codepage.values_of_walk"))
    panel(run.graph, name, Parts(PREFIX, (source, name), fold=True), notes=notes)
