"""The graph section of the formula page: the expression tree next to autograd's graph (ui/graph_view.py)."""

from __future__ import annotations

import streamlit as st

from explorer.build import Computation
from explorer.draw_tree import expression_dot
from explorer.graph import Graph
from explorer.printing import canonical
from explorer.report import output_name
from explorer.tree import Formula
from ui.common import fresh_chart, tr
from ui.graph_view import chart, legend_and_downloads, show_step, step_controls, switches


def show_graph(formula: Formula, graph: Graph, computation: Computation) -> None:
    st.subheader(tr("graph.heading"))
    numbers, saved = switches()
    progress = step_controls(graph, (canonical(formula), tuple(n.variable or n.op for n in graph.nodes)))
    out = output_name(formula)
    tree, backward = st.columns([2, 3])
    with tree:
        st.markdown(tr("graph.forward_title"))
        st.caption(tr("graph.forward_caption"))
        fresh_chart(expression_dot(formula, computation.values, numbers), "tree")
    with backward:
        st.markdown(tr("graph.backward_title"))
        st.caption(tr("graph.backward_caption", output=out))
        chart(graph, out, numbers, saved, progress)
    if progress is not None:
        show_step(graph, progress)
    legend_and_downloads(graph, out, numbers, saved)
