"""Graphviz DOT for the autograd graph, and the SVG made from it: pure functions from the record to text.

The drawing says what the record says and nothing more: the seed the walk started from (1, or the
`gradient=` passed), every edge PyTorch has (two between the same nodes for `x*x`), each leaf's .grad before
and after the walk, the node where PyTorch raised with its error beside it, and no gradient at all where no
walk went. Labels hold only op names, variable names and numbers.
"""

from __future__ import annotations

import textwrap
from collections import Counter

from explorer.draw.labels import Labeling, fold_label, label, reshape_note, shaped, written
from explorer.draw.layout import fold_repeats, identical_groups, spine_of
from explorer.draw.style import (
    EDGE,
    EDGE_ACTIVE,
    EDGE_LABEL_INK,
    STYLES,
    Style,
    add_node,
    legend_dot,
    new_digraph,
    pill,
)
from explorer.draw.svg import svg
from explorer.i18n import t
from explorer.traced.graph import LEAF, Graph
from explorer.traced.shapes import on_edge

__all__ = ["LARGE_GRAPH", "drawing_svg", "legend_dot", "reshape_note", "shaped", "svg_dot", "to_dot"]

LARGE_GRAPH = 60  # nodes; above this, labels are shortened so the layout stays readable
ERROR_WIDTH = 44  # characters per line of PyTorch's error beside the node where it raised
ERROR_LINES = 10
UNDRAWN = {"large": "graph.undrawn_large", "outputs": "graph.undrawn_outputs"}  # why a walk has no drawing


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

    `progress` shows the walk after that many engine steps: nodes not yet run are dashed and their gradients
    unknown, the node just run is highlighted with the edges it sent. None shows the finished walk. `compact`
    (default: above LARGE_GRAPH nodes) groups identical branches, straightens the main chain and leaves out
    edge numbers (repeated edges are marked × n). `html=False` writes edge labels as plain text, for a
    Graphviz that does not draw HTML-like labels (the SVG's). `fold` (compact graphs only): a block of ops a
    loop repeated down the main chain is drawn as one box with a count.
    """
    dot = new_digraph(name)
    walked = graph.walk is not None
    if not graph.nodes:
        _empty(dot, graph, output_name, numbers, lang)
        return dot.source
    compact = len(graph.nodes) > LARGE_GRAPH if compact is None else compact
    how = Labeling(numbers, saved, compact, lang)
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
    if compact:  # narrow and tall: parallel edges merged (each marked with its count), no edge numbers
        dot.attr(concentrate="true")
    done = len(graph.steps) if progress is None else max(0, min(progress, len(graph.steps)))
    ran = {rep[step.node] for step in graph.steps[:done]}
    if progress is None or done == len(graph.steps):  # autograd.grad's inputs: reached, though no node ran
        ran |= {rep[n.id] for n in graph.nodes if n.grad is not None}
    current = rep[graph.steps[done - 1].node] if progress is not None and done > 0 else None
    stopped = rep.get(graph.walk.stopped) if walked and graph.walk.stopped and done == len(graph.steps) else None

    _output(dot, graph, output_name, rep[graph.nodes[0].id], numbers, html, lang)
    for node in graph.nodes:
        if node.id not in groups or rep[node.id] != node.id:
            continue  # drawn once, as its group's first member, or inside a fold
        text = label(graph, node, how, node.id in ran)
        count = len(groups[node.id])
        style = STYLES["failed"] if node.id == stopped else _style(node.id, node.op, ran, current, progress)
        add_node(dot, node.id, f"{text}\\n× {count}" if count > 1 else text, style,
                 bold=node.id in (current, stopped), group="spine" if node.id in spine else "")  # fmt: skip
    for f in folds:
        add_node(dot, f.id, fold_label(f, lang), _style(f.id, "", ran, current, progress, STYLES["folded"]),
                 bold=f.id == current, group="spine")  # fmt: skip
    _edges(dot, graph, rep, fold_ids, ran, current, how, html)
    for node in graph.untracked:
        add_node(dot, node.id, label(graph, node, Labeling(numbers, False, compact, lang), False), STYLES["untracked"])
    if walked and graph.walk.error and done == len(graph.steps):
        _error(dot, graph.walk.error, stopped or "output")
    if saved and graph.freed:
        dot.attr(label=t("graph.freed", lang), labelloc="b", fontsize="10", fontcolor=EDGE_LABEL_INK)
    return dot.source


def _empty(dot, graph: Graph, output_name: str, numbers: bool, lang: str) -> None:
    """A graph with no node: no input requires grad, or a walk that is recorded but not drawn (too large, or
    several outputs); PyTorch's error beside the output when the call raised."""
    walk = graph.walk
    key = UNDRAWN.get(walk.undrawn or "", "graph.empty") if walk is not None else "graph.empty"
    why = t(key, lang)
    add_node(dot, "output", f"{output_name}\\n{why}", STYLES["output"])
    for node in graph.untracked:
        add_node(dot, node.id, label(graph, node, Labeling(numbers, False, False, lang), False), STYLES["untracked"])
    if walk is not None and walk.error:
        _error(dot, walk.error, "output")


def _output(dot, graph: Graph, output_name: str, root: str, numbers: bool, html: bool, lang: str) -> None:
    """The output oval and its edge into the graph: with the seed when a walk started from it."""
    seed = graph.walk.seed if graph.walk is not None else None
    shown = numbers and seed is not None
    text = f"{output_name}\\n{t('graph.grad', lang)} = {written(seed, 4, lang)}" if shown else output_name
    add_node(dot, "output", text, STYLES["output"])
    dot.edge("output", root, **pill(written(seed, 4, lang) if shown else "", html=html))


def _edges(dot, graph: Graph, rep: dict[str, str], fold_ids: set[str], ran: set[str], current: str | None,
           how: Labeling, html: bool) -> None:  # fmt: skip
    """Every edge PyTorch has. Drawn in full, two edges between the same nodes are two curves, each with its
    number; compact, they are one line marked × 2."""
    repeats = Counter((e.source, e.target) for e in graph.edges)
    drawn: set[tuple[str, str]] = set()
    for edge in graph.edges:
        source, target = rep[edge.source], rep[edge.target]
        from_fold = source in fold_ids
        if source == target or (edge.source != source and not from_fold):
            continue  # inside a fold, or inside another copy of a grouped subtree: drawn once already
        merged = how.compact or from_fold
        if merged and (source, target) in drawn:
            continue
        drawn.add((source, target))
        active = source == current
        shown = how.numbers and graph.walk is not None and source in ran and edge.grad is not None and not how.compact
        note = reshape_note(on_edge(graph, edge), how.lang) if shown else ""
        text = written(edge.grad, how.digits, how.lang) if shown else ""
        times = repeats[(edge.source, edge.target)]
        if merged and times > 1 and not from_fold:
            text = f"× {times}"
        ink = EDGE_ACTIVE if active else EDGE_LABEL_INK
        dot.edge(source, target, **pill(text, ink, html, note), color=EDGE_ACTIVE if active else EDGE,
                 penwidth="2.5" if active else "1.2")  # fmt: skip


def _error(dot, error: str, where: str) -> None:
    """PyTorch's error as a note beside the node where the walk stopped (or the output, if none ran)."""
    lines = textwrap.wrap(error, ERROR_WIDTH, break_long_words=True)
    lines = lines if len(lines) <= ERROR_LINES else [*lines[: ERROR_LINES - 1], lines[ERROR_LINES - 1] + " …"]
    add_node(dot, "walk_error", "\\l".join(line.replace("\\", "\\\\").replace('"', "'") for line in lines) + "\\l",
             STYLES["error"])  # fmt: skip
    dot.edge(where, "walk_error", style="dashed", color=STYLES["error"].ink, arrowhead="none", constraint="false")


def _style(node_id: str, op: str, ran: set[str], current: str | None, progress: int | None,
           plain: Style | None = None) -> Style:  # fmt: skip
    if node_id == current:
        return STYLES["current"]
    if progress is not None and node_id not in ran:
        return STYLES["pending"]
    return plain or (STYLES["leaf"] if op == LEAF else STYLES["op"])


def svg_dot(graph: Graph, output_name: str = "y", **options) -> str:
    """The DOT an SVG is made from, for the page's download and the notebook API alike: the server's Graphviz
    draws no HTML-like labels, so edge labels are plain text here."""
    return to_dot(graph, output_name, html=False, **options)


def drawing_svg(graph: Graph, output_name: str = "y", **options) -> bytes:
    return svg(svg_dot(graph, output_name, **options))
