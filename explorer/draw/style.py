"""How the drawings look: colours, shapes and the Graphviz primitives every drawing is made of, and the legend.

Colours are explicit and the background is transparent, so the drawings read on Streamlit's light and dark
themes alike (Graphviz ignores the page theme).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import graphviz

from explorer.i18n import t


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
    "failed": Style("#fee2e2", "#991b1b"),  # the node where PyTorch raised during the walk
    "error": Style("#fff1f2", "#991b1b", "note"),  # PyTorch's error, beside that node
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


def pill(text: str, ink: str = EDGE_LABEL_INK, html: bool = True, note: str = "") -> dict[str, str]:
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


def legend_dot(lang: str = "en", folded: bool = False) -> str:
    """A small key to the colours and shapes of `to_dot`: one row, read left to right. `folded`: with the
    box that stands for a loop's repeated body (graphs drawn with `fold`)."""
    dot = new_digraph("legend")
    dot.attr(rankdir="LR", nodesep="0.15", ranksep="0.15")
    dot.attr("node", fontsize="10")
    entries = {"output": "legend.output", "op": "legend.op", "leaf": "legend.leaf", "untracked": "legend.untracked",
               "pending": "legend.pending", "current": "legend.current", "failed": "legend.failed"}  # fmt: skip
    for key, message in entries.items():
        add_node(dot, key, t(message, lang), STYLES[key])
    keys = list(entries)
    for left, right in zip(keys, keys[1:], strict=False):  # invisible links keep the entries in this order
        dot.edge(left, right, style="invis")
    add_node(dot, "summed", t("legend.summed", lang), STYLES["constant"])  # the shape note under an edge's number
    dot.edge("failed", "summed", style="invis")
    if folded:
        add_node(dot, "folded", t("legend.folded", lang), STYLES["folded"])
        dot.edge("summed", "folded", style="invis")
    return dot.source
