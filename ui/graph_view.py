"""The autograd graph on a page, whichever source recorded it (a formula, a snippet): its switches, the
backward stepper, the drawing, the step's details, the legend and the downloads.

Each page passes its own `prefix` for the widget keys ("" on the formula page, "code_" on the code
page), so the two pages keep their own switches."""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from explorer.draw import LARGE_GRAPH, legend_dot, reshape_note, shaped, svg_dot, to_dot
from explorer.graph import Graph
from explorer.rules import rule
from explorer.shapes import reshaping
from ui.common import cached_svg, fresh_chart, kept, lang, tr, value_text


def switches(prefix: str = "") -> tuple[bool, bool]:
    """Values and gradients on the graph; saved tensors."""
    row = st.container(horizontal=True, gap="large")  # one block: columns cost a block each, on every rerun
    st.session_state.setdefault(f"{prefix}numbers", True)
    numbers = row.toggle(tr("graph.numbers"), key=f"{prefix}numbers", persist_state="session")
    saved = row.toggle(tr("graph.saved"), key=f"{prefix}saved", persist_state="session")
    return numbers, saved


def step_controls(graph: Graph, structure: Hashable, prefix: str = "") -> int | None:
    """The backward stepper: None shows the finished pass; k shows it after k engine steps.
    A new `structure` (another formula, another snippet) starts again from step 0."""
    total = len(graph.steps)
    if total == 0 or not st.toggle(tr("walk.toggle"), key=f"{prefix}walk", persist_state="session"):
        return None
    step, seen = f"{prefix}step", f"{prefix}walk_structure"
    if st.session_state.get(seen, structure) != structure:
        st.session_state[step] = 0
    st.session_state[seen] = structure  # (a link's step applies to the link's own formula or snippet)
    st.session_state[step] = max(0, min(int(st.session_state.get(step, 0)), total))

    def move(delta: int) -> None:
        st.session_state[step] = max(0, min(st.session_state[step] + delta, total))

    back, slider, forward_ = st.columns([1, 6, 1], vertical_alignment="bottom")
    back.button(tr("walk.back"), key=f"{prefix}step_back", on_click=move, args=(-1,),
                disabled=st.session_state[step] == 0, width="stretch")  # fmt: skip
    forward_.button(tr("walk.next"), key=f"{prefix}step_next", on_click=move, args=(1,),
                    disabled=st.session_state[step] == total, width="stretch")  # fmt: skip
    slider.slider(tr("walk.slider", total=total), 0, total, key=step, persist_state="session")
    return int(st.session_state[step])


def chart(graph: Graph, output: str, numbers: bool, saved: bool, progress: int | None, fold: bool = False) -> None:
    """`fold`: a loop's repeated body drawn as one box (the code page); formulas keep every node."""
    dot = to_dot(graph, output, numbers=numbers, saved=saved, progress=progress, lang=lang(), fold=fold)
    fresh_chart(dot, "autograd")


def show_step(graph: Graph, progress: int) -> None:
    """What happened at this step of backward(): arrived, rule, sent, and the leaves' .grad so far."""
    if progress == 0:
        st.info(tr("step.before", seed=shaped(graph.walk.seed, lang=lang()) if graph.walk else "1"))
    else:
        step = graph.steps[progress - 1]
        node = graph.node(step.node)
        what = tr("step.leaf", name=node.variable) if node.variable else tr("step.backward_node")
        st.markdown(tr("step.runs", step=progress, total=len(graph.steps), op=node.op, what=what,
                       arrived=shaped(step.arrived, lang=lang())))  # fmt: skip
        st.latex(rule(node.op, lang()))
        received = None if step.arrived is None else tuple(step.arrived.shape)
        for target, grad in step.sent:
            receiver = graph.node(target)
            name = f"{receiver.op} ({receiver.variable or receiver.name})" if receiver.variable or receiver.name \
                else receiver.op  # fmt: skip
            note = reshape_note(reshaping(node.op, received, None if grad is None else tuple(grad.shape)), lang())
            st.markdown(tr("step.sends", grad=shaped(grad, lang=lang()), target=name) + (f" ({note})" if note else ""))
    ran = {step.node for step in graph.steps[:progress]}
    held = {n.variable: n.held if n.id in ran else n.held_before for n in graph.nodes if n.variable is not None}
    running = {name: "None" if grad is None else value_text(grad) for name, grad in held.items()}  # from .grad before
    running |= {n.variable: "None (requires_grad=False)" for n in graph.untracked}  # plain tensors, no node
    grads = tr("list.separator").join(f"`{k}.grad = {v}`" for k, v in running.items())
    st.markdown(tr("step.running_grad", grads=grads))


def legend_and_downloads(graph: Graph, output: str, numbers: bool, saved: bool, prefix: str = "",
                         fold: bool = False) -> None:  # fmt: skip
    with st.expander(tr("graph.legend"), **kept(f"{prefix}legend_expander", f"{prefix}legend_open", False)) as legend:
        if legend.open:
            st.graphviz_chart(legend_dot(lang(), folded=fold))
    # Drawn when asked for (a large graph's DOT takes a second). The server's Graphviz draws no HTML-like
    # labels: the SVG's edge labels are plain text.
    def full() -> str:
        return to_dot(graph, output, numbers=numbers, saved=saved, compact=False, lang=lang())

    def drawn() -> bytes:
        return cached_svg(svg_dot(graph, output, numbers=numbers, saved=saved, lang=lang(), fold=fold))

    row = st.container(horizontal=True)
    row.download_button(tr("graph.download_dot"), full, file_name="autograd.dot", mime="text/vnd.graphviz",
                           key=f"{prefix}dl_dot", on_click="ignore")  # fmt: skip
    row.download_button(tr("graph.download_svg"), drawn, file_name="autograd.svg",
                           mime="image/svg+xml", key=f"{prefix}dl_svg", on_click="ignore")  # fmt: skip
    if len(graph.nodes) > LARGE_GRAPH:
        st.caption(tr("graph.compact", count=len(graph.nodes)))
