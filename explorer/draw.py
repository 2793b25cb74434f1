"""Graphviz DOT for the autograd graph, the formula's expression tree, and their legend.

Pure functions from our records to DOT text. Colours are explicit and the background is
transparent, so the drawings read on Streamlit's light and dark themes alike (Graphviz
ignores the page theme). Labels hold only op names, variable names and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphviz

from .graph import TENSOR, Graph, GraphNode, shape_text, short
from .i18n import t

LARGE_GRAPH = 60  # nodes; above this, labels are shortened so the layout stays readable


@dataclass(frozen=True)
class Style:
    fill: str
    ink: str  # border and text
    shape: str = "box"
    dashed: bool = False


STYLES = {
    "output": Style("#fef3c7", "#78350f", "ellipse"),
    "op": Style("#dbeafe", "#1e3a8a"),
    "leaf": Style("#dcfce7", "#14532d"),
    "untracked": Style("#e5e7eb", "#4b5563", dashed=True),
    "pending": Style("#f1f5f9", "#64748b", dashed=True),
    "current": Style("#fed7aa", "#9a3412"),
    "constant": Style("#f3f4f6", "#374151"),
}
EDGE = "#64748b"
EDGE_ACTIVE = "#ea580c"
EDGE_LABEL_FILL = "#f8fafc"
EDGE_LABEL_INK = "#334155"


def new_digraph(name: str) -> graphviz.Digraph:
    dot = graphviz.Digraph(name)
    dot.attr(bgcolor="transparent", rankdir="TB", nodesep="0.3", ranksep="0.4")
    dot.attr("node", fontname="Helvetica", fontsize="11", penwidth="1.3", shape="box", style="filled,rounded")
    dot.attr("edge", color=EDGE, arrowsize="0.7", penwidth="1.2", fontname="Helvetica", fontsize="10")
    return dot


def spine_of(root: str, children: dict[str, list[str]]) -> set[str]:
    """The path from the root that always goes to the largest child subtree.

    Large graphs draw it as one straight column (Graphviz `group`), with the smaller
    branches beside it, so a long chain such as `x1 + x2 + ... + x99` stays narrow."""
    sizes: dict[str, int] = {}

    def size(node: str) -> int:
        if node not in sizes:
            sizes[node] = 1 + sum(size(child) for child in children.get(node, ()))
        return sizes[node]

    spine, node = set(), root
    while node is not None and node not in spine:
        spine.add(node)
        node = max(children.get(node, ()), key=size, default=None)
    return spine


def add_node(dot: graphviz.Digraph, node_id: str, label: str, style: Style, bold: bool = False,
             group: str = "") -> None:  # fmt: skip
    dot.node(
        node_id,
        label,
        group=group or None,
        shape=style.shape,
        fillcolor=style.fill,
        color=style.ink,
        fontcolor=style.ink,
        style="filled,rounded,dashed" if style.dashed else "filled,rounded",
        penwidth="3" if bold else "1.3",
    )


def _pill(text: str, ink: str = EDGE_LABEL_INK, html: bool = True) -> dict[str, str]:
    """An edge label: on a light pill (an HTML-like label), readable on dark backgrounds too; or
    plain text for Graphviz builds that cannot draw HTML-like labels (the server-side SVG's)."""
    if not text:
        return {"label": ""}
    if not html:
        return {"label": text, "fontcolor": ink}
    return {"label": f'<<table border="0" cellborder="0" cellpadding="1" bgcolor="{EDGE_LABEL_FILL}">'
                     f'<tr><td><font color="{ink}">{text}</font></td></tr></table>>'}  # fmt: skip


def _shape_line(node: GraphNode) -> str:
    """The shape of a tensor node, `(5, 2)`; nothing for a scalar (a formula's nodes are all scalars)."""
    return shape_text(node.shape) if node.shape else ""


def _number(value: object, digits: int) -> str:
    """A value next to its shape line: `= [1, -2]` when small, `in [-1.2, 0.8]` when large."""
    text = short(value, digits)
    shape = getattr(value, "shape", ())
    return text.removeprefix(shape_text(tuple(shape))).strip() if shape and " in [" in text else f"= {text}"


def _label(node: GraphNode, *, numbers: bool, saved: bool, grad_known: bool, compact: bool, digits: int) -> str:
    op = node.op.removesuffix("Backward0") if compact and node.op != "AccumulateGrad" else node.op
    if node.op == TENSOR:  # requires_grad off: a plain tensor, which PyTorch's graph does not contain
        lines = [node.variable or "?", _shape_line(node)]
        if numbers:
            lines += [f"value {_number(node.value, digits)}", ".grad = None"]
        lines.append("requires_grad=False")
    elif node.op == "AccumulateGrad":
        lines = [node.variable or "?", "" if compact else "AccumulateGrad", _shape_line(node)]
        if numbers:
            lines.append(f"value {_number(node.value, digits)}")
            known = grad_known and node.grad is not None
            lines.append(f".grad {_number(node.grad, digits)}" if known else ".grad = None")
        if not node.requires_grad or not compact:
            lines.append(f"requires_grad={node.requires_grad}")
    else:
        lines = [op, node.name or "", _shape_line(node)]
        if numbers:
            lines.append(f"value {_number(node.value, digits)}" if node.value is not None else "value = ?")
            known = grad_known and node.grad is not None
            lines.append(f"grad {_number(node.grad, digits)}" if known else "grad = ?")
    if saved and not compact:
        lines += [f"{name} = {text}" for name, text in node.saved]
    return "\\n".join(line for line in lines if line)


def _groups(graph: Graph) -> dict[str, list[str]]:
    """Representative id -> the ids of identical subtrees (same ops, numbers and children).

    A formula such as `2/x + 2/x + ...` repeats one piece fifty times; drawn once with a
    count, a large graph stays readable."""
    children: dict[str, list[tuple[str, str]]] = {n.id: [] for n in graph.nodes}
    for edge in graph.edges:
        children[edge.source].append((short(edge.grad, 3), edge.target))
    nodes = {n.id: n for n in graph.nodes}
    memo: dict[str, tuple] = {}

    def signature(node_id: str) -> tuple:
        if node_id not in memo:
            n = nodes[node_id]
            memo[node_id] = (n.op, n.variable, short(n.value, 3), short(n.grad, 3),
                             tuple((grad, signature(child)) for grad, child in children[node_id]))  # fmt: skip
        return memo[node_id]

    groups: dict[tuple, list[str]] = {}
    for n in graph.nodes:
        groups.setdefault(signature(n.id), []).append(n.id)
    return {ids[0]: ids for ids in groups.values()}


def to_dot(
    graph: Graph,
    output_name: str = "y",
    *,
    numbers: bool = True,
    saved: bool = False,
    progress: int | None = None,
    compact: bool | None = None,
    name: str = "autograd",
    html: bool = True,
    lang: str = "en",
) -> str:
    """DOT of the backward graph: output on top, leaves at the bottom, arrows as gradients flow.

    `progress` shows the backward pass after that many engine steps: nodes not yet run are
    dashed and their gradients unknown, the node just run is highlighted with the edges it
    sent. None shows the finished pass. `compact` (default: above LARGE_GRAPH nodes) groups
    identical branches, straightens the main chain and leaves out edge labels. `html=False` writes
    edge labels as plain text, for a Graphviz that does not draw HTML-like labels.
    """
    dot = new_digraph(name)
    if not graph.nodes:
        add_node(dot, "empty", f"{output_name}\\n{t('graph.empty', lang)}", STYLES["output"])
        for node in graph.untracked:
            add_node(dot, node.id, _label(node, numbers=numbers, saved=False, grad_known=False, compact=False,
                                       digits=4), STYLES["untracked"])  # fmt: skip
        return dot.source
    compact = len(graph.nodes) > LARGE_GRAPH if compact is None else compact
    digits = 3 if compact else 4
    groups = _groups(graph) if compact else {n.id: [n.id] for n in graph.nodes}
    rep = {member: head for head, members in groups.items() for member in members}
    # The longest chain runs straight down (Graphviz `group`), so sums and products stay narrow.
    children: dict[str, list[str]] = {}
    for edge in graph.edges:
        if edge.source == rep[edge.source]:
            children.setdefault(edge.source, []).append(rep[edge.target])
    spine = spine_of(graph.nodes[0].id, children)
    if compact:  # narrow and tall: parallel edges merged, no edge labels
        dot.attr(concentrate="true")
    done = len(graph.steps) if progress is None else max(0, min(progress, len(graph.steps)))
    ran = {rep[step.node] for step in graph.steps[:done]}
    current = rep[graph.steps[done - 1].node] if progress is not None and done > 0 else None

    seed = "\\ngrad = 1" if numbers else ""
    add_node(dot, "output", f"{output_name}{seed}", STYLES["output"])
    dot.edge("output", graph.nodes[0].id, **_pill("1" if numbers else "", html=html))
    for node in graph.nodes:
        if node.id not in groups:
            continue  # drawn once, as its group's first member
        known = node.id in ran
        if node.id == current:
            style = STYLES["current"]
        elif progress is not None and not known:
            style = STYLES["pending"]
        else:
            style = STYLES["leaf"] if node.op == "AccumulateGrad" else STYLES["op"]
        label = _label(node, numbers=numbers, saved=saved, grad_known=known, compact=compact, digits=digits)
        count = len(groups[node.id])
        add_node(dot, node.id, f"{label}\\n× {count}" if count > 1 else label, style, bold=node.id == current,
              group="spine" if node.id in spine else "")  # fmt: skip
    for edge in graph.edges:
        source, target = rep[edge.source], rep[edge.target]
        if edge.source != source:
            continue  # an edge inside another copy of a grouped subtree: drawn once already
        flowed = source in ran and edge.grad is not None
        active = source == current
        shown = numbers and flowed and not compact
        label = _pill(short(edge.grad, digits) if shown else "", EDGE_ACTIVE if active else EDGE_LABEL_INK, html)
        dot.edge(source, target, **label, color=EDGE_ACTIVE if active else EDGE,
                 penwidth="2.5" if active else "1.2")  # fmt: skip
    for node in graph.untracked:
        label = _label(node, numbers=numbers, saved=False, grad_known=False, compact=compact, digits=digits)
        add_node(dot, node.id, label, STYLES["untracked"])
    return dot.source


def legend_dot(lang: str = "en") -> str:
    """A small key to the colours and shapes of `to_dot`: one row, read left to right."""
    dot = new_digraph("legend")
    dot.attr(rankdir="LR", nodesep="0.15", ranksep="0.15")
    dot.attr("node", fontsize="10")
    entries = {"output": "legend.output", "op": "legend.op", "leaf": "legend.leaf", "untracked": "legend.untracked",
               "pending": "legend.pending", "current": "legend.current"}  # fmt: skip
    for key, message in entries.items():
        add_node(dot, key, t(message, lang), STYLES[key])
    keys = list(entries)
    for left, right in zip(keys, keys[1:], strict=False):  # invisible links keep the entries in this order
        dot.edge(left, right, style="invis")
    return dot.source
