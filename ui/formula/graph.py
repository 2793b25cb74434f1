"""The graph section of the formula page: the expression tree next to autograd's graph (ui/graph_panel.py)."""

from __future__ import annotations

import streamlit as st

from explorer.draw.tree import expression_dot
from explorer.formula.expression import expression
from explorer.formula.forward import Computation
from explorer.formula.printing import canonical
from explorer.formula.report import output_name
from explorer.formula.tree import Formula
from explorer.traced.graph import Graph
from ui.common import fresh_chart, tr
from ui.graph_panel import Parts, panel


def show_graph(formula: Formula, graph: Graph, computation: Computation) -> None:
    st.subheader(tr("graph.heading"))
    out = output_name(formula)

    def tree(numbers: bool) -> None:
        st.markdown(tr("graph.forward_title"))
        st.caption(tr("graph.forward_caption"))
        fresh_chart(expression_dot(expression(formula, computation.values), numbers), "tree")

    structure = (canonical(formula), tuple(n.variable or n.op for n in graph.nodes))
    panel(graph, out, Parts(structure=structure, picker=False), beside=tree,
          titled=(tr("graph.backward_title"), tr("graph.backward_caption", output=out)))
