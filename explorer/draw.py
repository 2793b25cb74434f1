"""Graphviz DOT for the autograd graph, the formula's expression tree, and their legend.

Pure functions from our records to DOT text. Colours are explicit and the background is
transparent, so the drawings read on Streamlit's light and dark themes alike (Graphviz
ignores the page theme). Labels hold only op names, variable names and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import graphviz

from .graph import TENSOR, Graph, GraphNode
from .i18n import t
from .layout import Fold, fold_repeats, identical_groups, spine_of
from .shapes import Reshaped, on_edge
from .shown import shape_text, short

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
    "folded": Style("#ede9fe", "#5b21b6", "box3d", dashed=True),
}
EDGE = "#64748b"
EDGE_ACTIVE = "#ea580c"
EDGE_LABEL_FILL = "#f8fafc"
EDGE_LABEL_INK = "#334155"
EDGE_NOTE_INK = "#7c3aed"  # what happened to a gradient's shape (summed over a broadcast dim ...)


def new_digraph(name: str) -> graphviz.Digraph:
    dot = graphviz.Digraph(name)
    dot.attr(bgcolor="transparent", rankdir="TB", nodesep="0.3", ranksep="0.4")
    dot.attr("node", fontname="Helvetica", fontsize="11", penwidth="1.3", shape="box", style="filled,rounded")
    dot.attr("edge", color=EDGE, arrowsize="0.7", penwidth="1.2", fontname="Helvetica", fontsize="10")
    return dot


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


def _pill(text: str, ink: str = EDGE_LABEL_INK, html: bool = True, note: str = "") -> dict[str, str]:
    """An edge label: on a light pill (an HTML-like label), readable on dark backgrounds too; or
    plain text for Graphviz builds that cannot draw HTML-like labels (the server-side SVG's).
    `note`, a second line in smaller type: what happened to the gradient's shape."""
    if not text:
        return {"label": ""}
    if not html:
        return {"label": f"{text}\\n{note}" if note else text, "fontcolor": ink}
    extra = f'<br/><font point-size="9" color="{EDGE_NOTE_INK}">{escape(note)}</font>' if note else ""
    return {"label": f'<<table border="0" cellborder="0" cellpadding="1" bgcolor="{EDGE_LABEL_FILL}">'
                     f'<tr><td><font color="{ink}">{escape(text)}</font>{extra}</td></tr></table>>'}  # fmt: skip


def reshape_note(reshaped: Reshaped | None, lang: str = "en") -> str:
    """`summed over dim 0: (5, 2) → (2,)`: what the node did to the gradient's shape on an edge."""
    if reshaped is None:
        return ""
    dims = ", ".join(str(d) for d in reshaped.dims)
    key = {"summed": "shape.summed", "spread": "shape.spread", "reshaped": "shape.reshaped"}[reshaped.kind]
    return t(key, lang, dims=dims, source=shape_text(reshaped.source), target=shape_text(reshaped.target))


def _shape_line(node: GraphNode) -> str:
    """The shape of a tensor node, `(5, 2)`; nothing for a scalar (a formula's nodes are all scalars)."""
    return shape_text(node.shape) if node.shape else ""


def _number(value: object, digits: int) -> str:
    """A value next to its shape line: `= [1, -2]` when small, `in [-1.2, 0.8]` when large."""
    text = short(value, digits)
    shape = getattr(value, "shape", ())
    return text.removeprefix(shape_text(tuple(shape))).strip() if shape and " in [" in text else f"= {text}"


def shaped(value: object, digits: int = 4) -> str:
    """A value with its shape, for the stepper: `6.182`, `(2,) = [5, 5]`, `(5, 2) in [-0.4, 0.2]`."""
    text = short(value, digits)
    shape = tuple(getattr(value, "shape", ()))
    return f"{shape_text(shape)} = {text}" if shape and " in [" not in text else text


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
    fold: bool = False,
) -> str:
    """DOT of the backward graph: output on top, leaves at the bottom, arrows as gradients flow.

    `progress` shows the backward pass after that many engine steps: nodes not yet run are
    dashed and their gradients unknown, the node just run is highlighted with the edges it
    sent. None shows the finished pass. `compact` (default: above LARGE_GRAPH nodes) groups
    identical branches, straightens the main chain and leaves out edge labels. `html=False` writes
    edge labels as plain text, for a Graphviz that does not draw HTML-like labels. `fold` (compact
    graphs only): a block of ops a loop repeated down the main chain is drawn as one box with a count.
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
    groups = identical_groups(graph) if compact else {n.id: [n.id] for n in graph.nodes}
    rep = {member: head for head, members in groups.items() for member in members}
    # The longest chain runs straight down (Graphviz `group`), so sums and products stay narrow.
    children: dict[str, list[str]] = {}
    for edge in graph.edges:
        if edge.source == rep[edge.source]:
            children.setdefault(edge.source, []).append(rep[edge.target])
    spine = spine_of(graph.nodes[0].id, children)
    ops = {n.id: n.op for n in graph.nodes}
    folds = fold_repeats(graph.nodes[0].id, children, ops.__getitem__) if compact and fold else []
    fold_ids = {f.id for f in folds}
    rep.update({member: f.id for f in folds for member in f.members})
    rep.update({head: rep[rep[head]] for head in list(rep) if rep[head] in rep and rep[rep[head]] != rep[head]})
    if compact:  # narrow and tall: parallel edges merged, no edge labels
        dot.attr(concentrate="true")
    done = len(graph.steps) if progress is None else max(0, min(progress, len(graph.steps)))
    ran = {rep[step.node] for step in graph.steps[:done]}
    current = rep[graph.steps[done - 1].node] if progress is not None and done > 0 else None

    seed = "\\ngrad = 1" if numbers else ""
    add_node(dot, "output", f"{output_name}{seed}", STYLES["output"])
    dot.edge("output", rep[graph.nodes[0].id], **_pill("1" if numbers else "", html=html))
    for node in graph.nodes:
        if node.id not in groups or rep[node.id] != node.id:
            continue  # drawn once, as its group's first member, or inside a fold
        label = _label(node, numbers=numbers, saved=saved, grad_known=node.id in ran, compact=compact, digits=digits)
        count = len(groups[node.id])
        add_node(dot, node.id, f"{label}\\n× {count}" if count > 1 else label,
                 _style(node.id, node.op, ran, current, progress), bold=node.id == current,
                 group="spine" if node.id in spine else "")  # fmt: skip
    for f in folds:
        add_node(dot, f.id, fold_label(f, lang), _style(f.id, "", ran, current, progress, STYLES["folded"]),
                 bold=f.id == current, group="spine")  # fmt: skip
    drawn: set[tuple[str, str]] = set()
    for edge in graph.edges:
        source, target = rep[edge.source], rep[edge.target]
        from_fold = source in fold_ids
        if source == target or (edge.source != source and not from_fold) or (source, target) in drawn:
            continue  # inside a fold, or inside another copy of a grouped subtree: drawn once already
        drawn.add((source, target))
        flowed = source in ran and edge.grad is not None
        active = source == current
        shown = numbers and flowed and not compact
        note = reshape_note(on_edge(graph, edge), lang) if shown else ""
        label = _pill(short(edge.grad, digits) if shown else "", EDGE_ACTIVE if active else EDGE_LABEL_INK, html, note)
        dot.edge(source, target, **label, color=EDGE_ACTIVE if active else EDGE,
                 penwidth="2.5" if active else "1.2")  # fmt: skip
    for node in graph.untracked:
        label = _label(node, numbers=numbers, saved=False, grad_known=False, compact=compact, digits=digits)
        add_node(dot, node.id, label, STYLES["untracked"])
    return dot.source


def _style(node_id: str, op: str, ran: set[str], current: str | None, progress: int | None,
           plain: Style | None = None) -> Style:
    if node_id == current:
        return STYLES["current"]
    if progress is not None and node_id not in ran:
        return STYLES["pending"]
    return plain or (STYLES["leaf"] if op == "AccumulateGrad" else STYLES["op"])


def fold_label(fold: Fold, lang: str = "en") -> str:
    """`⋮ 646 more × (Tanh → Add → Mul)`: a run of one loop body, drawn as one box."""
    ops = " → ".join(op.removesuffix("Backward0") for op in fold.ops)
    return t("graph.folded", lang, count=fold.count, ops=ops)


def legend_dot(lang: str = "en", folded: bool = False) -> str:
    """A small key to the colours and shapes of `to_dot`: one row, read left to right. `folded`: with the
    box that stands for a loop's repeated body (graphs drawn with `fold`)."""
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
    add_node(dot, "summed", t("legend.summed", lang), STYLES["constant"])  # the shape note under an edge's number
    dot.edge("current", "summed", style="invis")
    if folded:
        add_node(dot, "folded", t("legend.folded", lang), STYLES["folded"])
        dot.edge("summed", "folded", style="invis")
    return dot.source
