"""The graph section: the expression tree and autograd's graph, the backward stepper, legend, downloads."""

from __future__ import annotations

import streamlit as st
import torch

from explorer.build import Computation
from explorer.draw import LARGE_GRAPH, expression_dot, legend_dot, to_dot
from explorer.graph import Graph, short
from explorer.parse import Formula, canonical
from explorer.report import output_name
from explorer.rules import rule
from ui.common import cached_svg, fresh_chart, kept, lang, tr


def step_controls(formula: Formula, graph: Graph) -> int | None:
    """The backward stepper: None shows the finished pass; k shows it after k engine steps."""
    total = len(graph.steps)
    if total == 0 or not st.toggle(tr("walk.toggle"), key="walk", persist_state="session"):
        return None
    structure = (canonical(formula), tuple(n.variable or n.op for n in graph.nodes))
    if st.session_state.get("walk_structure", structure) != structure:  # a new formula starts from the beginning
        st.session_state["step"] = 0
    st.session_state["walk_structure"] = structure  # (a link's step applies to the link's own formula)
    st.session_state["step"] = max(0, min(int(st.session_state.get("step", 0)), total))

    def move(delta: int) -> None:
        st.session_state["step"] = max(0, min(st.session_state["step"] + delta, total))

    back, slider, forward_ = st.columns([1, 6, 1], vertical_alignment="bottom")
    back.button(tr("walk.back"), key="step_back", on_click=move, args=(-1,), disabled=st.session_state["step"] == 0,
                width="stretch")  # fmt: skip
    forward_.button(tr("walk.next"), key="step_next", on_click=move, args=(1,),
                    disabled=st.session_state["step"] == total, width="stretch")  # fmt: skip
    slider.slider(tr("walk.slider", total=total), 0, total, key="step", persist_state="session")
    return int(st.session_state["step"])


def show_step(graph: Graph, progress: int, leaves: dict[str, torch.Tensor]) -> None:
    """What happened at this step of backward(): arrived, rule, sent, and the leaves' .grad so far."""
    if progress == 0:
        st.info(tr("step.before"))
    else:
        step = graph.steps[progress - 1]
        node = graph.node(step.node)
        what = tr("step.leaf", name=node.variable) if node.variable else tr("step.backward_node")
        st.markdown(tr("step.runs", step=progress, total=len(graph.steps), op=node.op, what=what,
                       arrived=short(step.arrived)))  # fmt: skip
        st.latex(rule(node.op))
        for target, grad in step.sent:
            receiver = graph.node(target)
            name = f"{receiver.op} ({receiver.variable})" if receiver.variable else receiver.op
            st.markdown(tr("step.sends", grad=short(grad), target=name))
    ran = {step.node for step in graph.steps[:progress]}
    running = {
        n.variable: (short(n.grad) if n.id in ran else "None") for n in graph.nodes if n.variable is not None
    }
    running |= {n.variable: "None (requires_grad=False)" for n in graph.untracked}  # plain tensors, no node
    grads = tr("list.separator").join(f"`{k}.grad = {v}`" for k, v in running.items())
    st.markdown(tr("step.running_grad", grads=grads))


def show_graph(formula: Formula, graph: Graph, computation: Computation) -> None:
    st.subheader(tr("graph.heading"))
    left, right = st.columns([2, 3])
    st.session_state.setdefault("numbers", True)
    numbers = left.toggle(tr("graph.numbers"), key="numbers", persist_state="session")
    saved = right.toggle(tr("graph.saved"), key="saved", persist_state="session")
    progress = step_controls(formula, graph)
    out = output_name(formula)
    tree_dot = expression_dot(formula, computation.values, numbers)
    graph_dot = to_dot(graph, out, numbers=numbers, saved=saved, progress=progress, lang=lang())
    tree, backward = st.columns([2, 3])
    with tree:
        st.markdown(tr("graph.forward_title"))
        st.caption(tr("graph.forward_caption"))
        fresh_chart(tree_dot, "tree")
    with backward:
        st.markdown(tr("graph.backward_title"))
        st.caption(tr("graph.backward_caption", output=out))
        fresh_chart(graph_dot, "autograd")
    if progress is not None:
        show_step(graph, progress, computation.leaves)
    with st.expander(tr("graph.legend"), **kept("legend_expander", "legend_open", False)) as legend:
        if legend.open:
            st.graphviz_chart(legend_dot(lang()))
    # the server's Graphviz draws no HTML-like labels: the SVG's edge labels are plain text
    drawn = to_dot(graph, out, numbers=numbers, saved=saved, html=False, lang=lang())
    full = to_dot(graph, out, numbers=numbers, saved=saved, compact=False, lang=lang())
    dl_dot, dl_svg, _ = st.columns([1, 1, 3])
    dl_dot.download_button(tr("graph.download_dot"), full, file_name="autograd.dot", mime="text/vnd.graphviz",
                           key="dl_dot", on_click="ignore")  # fmt: skip
    dl_svg.download_button(tr("graph.download_svg"), lambda: cached_svg(drawn), file_name="autograd.svg",
                           mime="image/svg+xml", key="dl_svg", on_click="ignore")  # fmt: skip
    if len(graph.nodes) > LARGE_GRAPH:
        st.caption(tr("graph.compact", count=len(graph.nodes)))
