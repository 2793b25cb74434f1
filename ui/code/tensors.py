"""Any node of the graph, its value and gradient in full: as heatmaps side by side on one colour scale
centred at 0 (numbers on hover), or the printout for a scalar."""

from __future__ import annotations

import streamlit as st
import torch

from explorer.figures_snippet import heatmaps
from explorer.graph import LEAF, Graph, GraphNode
from explorer.shown import TensorInfo, Value
from ui.common import lang, tr, value_text


def label(node: GraphNode) -> str:
    who = node.variable or node.name
    return f"{node.id}: {node.op} ({who})" if who else f"{node.id}: {node.op}"


def gradient_of(graph: Graph, node: GraphNode) -> Value | None:
    """The gradient the picker shows: a leaf's .grad as PyTorch holds it (after the walk, or now when no walk
    went through), else what reached the node in the walk."""
    if node.op == LEAF and (graph.walk is None or graph.walk.kind == "backward"):
        return node.held
    return node.grad


def show_node(graph: Graph) -> None:
    labels = {label(n): n for n in graph.nodes}
    if st.session_state.get("code_node") not in labels:
        st.session_state["code_node"] = next(iter(labels))
    node = labels[st.selectbox(tr("lab.node"), list(labels), key="code_node", persist_state="session")]
    gradient = gradient_of(graph, node)
    shown = [v for v in (node.value, gradient) if isinstance(v, torch.Tensor) and v.dim() >= 1]
    if shown:
        st.plotly_chart(heatmaps(node.value if isinstance(node.value, torch.Tensor) else None,
                                 gradient if isinstance(gradient, torch.Tensor) else None, lang()),
                        width="stretch", key="code_heatmaps")  # fmt: skip
        st.caption(tr("codepage.heatmaps", value=value_text(node.value), grad=value_text(gradient)))
    if graph.walk is None and node.op == LEAF and node.held is not None:
        st.caption(tr("graph.held_earlier"))
    value, grad = st.columns(2)
    for column, heading, tensor in ((value, "lab.value", node.value), (grad, "lab.gradient", gradient)):
        if isinstance(tensor, torch.Tensor) and tensor.dim() >= 1:
            continue  # drawn above
        column.markdown(tr(heading))
        if tensor is None:
            column.code(tr("codepage.not_walked" if graph.walk is None else "lab.not_kept"), language=None)
        elif isinstance(tensor, TensorInfo):
            column.caption(tr("codepage.too_large", summary=value_text(tensor)))
        else:
            column.code(repr(tensor), language="python")
