"""Stage 3 of the pipeline: the autograd graph PyTorch recorded -> nodes, edges, DOT.

Walks `grad_fn.next_functions` from the output, as pytorchviz does, but names nodes by a
counter in walk order instead of `id()`, so the same formula always gives the same DOT.
Edges point the way gradients flow: from the output towards the leaves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import graphviz
import torch

# Explicit colours that read on Streamlit's light and dark themes alike.
COLOURS = {
    "op": ("#dbeafe", "#1e3a8a"),  # fill, border/text
    "leaf": ("#dcfce7", "#14532d"),
    "output": ("#fef3c7", "#78350f"),
    "edge": "#64748b",
}


@dataclass(frozen=True)
class GraphNode:
    id: str
    op: str  # PyTorch's class name: MulBackward0, AccumulateGrad, ...
    variable: str | None = None  # the leaf's variable name, for AccumulateGrad


@dataclass(frozen=True)
class GraphEdge:
    source: str  # gradients flow from source to target
    target: str


@dataclass(frozen=True)
class Graph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]

    @property
    def root(self) -> GraphNode | None:
        return self.nodes[0] if self.nodes else None


def autograd_graph(output: torch.Tensor, leaves: Mapping[str, torch.Tensor]) -> Graph:
    """The backward graph behind `output`, in depth-first order from its `grad_fn`."""
    if output.grad_fn is None:
        return Graph((), ())
    names = {id(tensor): name for name, tensor in leaves.items()}
    ids: dict[object, str] = {}
    nodes: list[GraphNode] = []
    edges: list[GraphEdge] = []

    def visit(fn: object) -> str:
        if fn in ids:
            return ids[fn]
        node_id = f"n{len(ids)}"
        ids[fn] = node_id
        variable = getattr(fn, "variable", None)
        nodes.append(GraphNode(node_id, type(fn).__name__, names.get(id(variable)) if variable is not None else None))
        for child, _ in fn.next_functions:  # type: ignore[attr-defined]
            if child is not None:
                edges.append(GraphEdge(node_id, visit(child)))
        return node_id

    visit(output.grad_fn)
    return Graph(tuple(nodes), tuple(edges))


def to_dot(graph: Graph, output_name: str = "y") -> str:
    """Graphviz DOT source: output on top, leaves at the bottom, arrows as gradients flow."""
    dot = graphviz.Digraph("autograd")
    dot.attr(bgcolor="transparent", rankdir="TB", nodesep="0.3", ranksep="0.35")
    dot.attr("node", fontname="Helvetica", fontsize="12", style="filled,rounded", shape="box", penwidth="1.2")
    dot.attr("edge", color=COLOURS["edge"], arrowsize="0.7", penwidth="1.2")
    if not graph.nodes:
        fill, ink = COLOURS["output"]
        dot.node("empty", "no graph: no input requires grad", fillcolor=fill, color=ink, fontcolor=ink)
        return dot.source
    fill, ink = COLOURS["output"]
    dot.node("output", output_name, shape="ellipse", fillcolor=fill, color=ink, fontcolor=ink)
    dot.edge("output", graph.nodes[0].id)
    for node in graph.nodes:
        if node.op == "AccumulateGrad":
            fill, ink = COLOURS["leaf"]
            label = f"{node.variable or '?'}\\nAccumulateGrad"  # DOT line break
        else:
            fill, ink = COLOURS["op"]
            label = node.op
        dot.node(node.id, label, fillcolor=fill, color=ink, fontcolor=ink)
    for edge in graph.edges:
        dot.edge(edge.source, edge.target)
    return dot.source
