"""The graph section of the formula page: the expression tree next to autograd's graph (ui/graph_panel.py)."""

from __future__ import annotations

import streamlit as st

from explorer.draw.tree import expression_dot
from explorer.formula.pipeline import FormulaRun
from ui.common import fresh_chart, tr
from ui.graph_panel import Parts, panel


def show_graph(ran: FormulaRun) -> None:
    st.subheader(tr("graph.heading"))
    graph, out = ran.graph, ran.output

    def tree(numbers: bool) -> None:
        st.markdown(tr("graph.forward_title"))
        st.caption(tr("graph.forward_caption"))
        fresh_chart(expression_dot(ran.expression, numbers), "tree")

    structure = (ran.text, tuple(n.variable or n.op for n in graph.nodes))
    panel(graph, out, Parts(structure=structure, picker=False), beside=tree,
          titled=(tr("graph.backward_title"), tr("graph.backward_caption", output=out)))
