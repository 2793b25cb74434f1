"""The one graph panel: the autograd graph on a page, whichever source recorded it (a formula, a snippet, the
lab, the Hessian tab's double backward): its switches, the backward stepper, the drawing, the step's details,
the node picker, the legend and the downloads. `panel()` lays them out; each page says which parts it shows.

Each page passes its own `prefix` for the widget keys ("" on the formula page, "code_" on the code page,
"lab_" in the lab), so the pages keep their own switches."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import streamlit as st
import torch

from explorer.draw.dot import LARGE_GRAPH, legend_dot, reshape_note, shaped, svg_dot, to_dot
from explorer.draw.snippet_figures import heatmaps
from explorer.traced.graph import LEAF, Graph, GraphNode
from explorer.traced.rules import rule
from explorer.traced.shapes import reshaping
from explorer.traced.text import TensorInfo, Value
from ui.common import cached_svg, fresh_chart, kept, lang, tr, value_text


@dataclass(frozen=True)
class Parts:
    """Which parts of the panel a page shows, and under which widget keys."""

    prefix: str = ""
    structure: Hashable = None  # a new one (another formula, another snippet) starts the stepper again
    controls: bool = True  # the two switches and the stepper
    numbers: bool = True  # without the switches: values and gradients on the drawing or not
    picker: bool = True
    downloads: bool = True  # the legend and the DOT/SVG downloads
    fold: bool = False  # a loop's repeated body drawn as one box (the code page); formulas keep every node
    name: str = "autograd"  # the DOT graph's name: "gradient" for the Hessian tab's double backward


def panel(graph: Graph, output: str, parts: Parts, *, titled: tuple[str, str] | None = None,
          beside: Callable[[bool], None] | None = None, notes: Iterable[str] = ()) -> None:  # fmt: skip
    """The graph with the parts asked for. `beside(numbers)` draws a column left of the chart (the formula's
    expression tree); `titled` is the chart's own title and caption; `notes` are captions under the step."""
    numbers, saved = switches(parts.prefix) if parts.controls else (parts.numbers, False)
    walked = parts.controls and graph.walk is not None
    progress = step_controls(graph, parts.structure, parts.prefix) if walked else None
    if beside is not None:
        left, column = st.columns([2, 3])
        with left:
            beside(numbers)
    else:
        column = st.container()
    with column:
        if titled is not None:
            st.markdown(titled[0])
            st.caption(titled[1])
        chart(graph, output, numbers, saved, progress, parts.fold, parts.name)
    if progress is not None:
        show_step(graph, progress)
    for note in notes:
        st.caption(note)
    if parts.picker and graph.nodes:
        pick_node(graph, parts.prefix)
    if parts.downloads:
        legend_and_downloads(graph, output, numbers, saved, parts.prefix, parts.fold)


def switches(prefix: str = "") -> tuple[bool, bool]:
    """Values and gradients on the graph; saved tensors."""
    row = st.container(horizontal=True, gap="large")  # one block: columns cost a block each, on every rerun
    st.session_state.setdefault(f"{prefix}numbers", True)
    numbers = row.toggle(tr("graph.numbers"), key=f"{prefix}numbers", persist_state="session")
    saved = row.toggle(tr("graph.saved"), key=f"{prefix}saved", persist_state="session")
    return numbers, saved


def step_controls(graph: Graph, structure: Hashable, prefix: str = "") -> int | None:
    """The backward stepper: None shows the finished pass; k shows it after k engine steps.
    A new `structure` (another formula, another snippet) starts again from step 0."""
    total = len(graph.steps)
    if total == 0 or not st.toggle(tr("walk.toggle"), key=f"{prefix}walk", persist_state="session"):
        return None
    step, seen = f"{prefix}step", f"{prefix}walk_structure"
    if st.session_state.get(seen, structure) != structure:
        st.session_state[step] = 0
    st.session_state[seen] = structure  # (a link's step applies to the link's own formula or snippet)
    st.session_state[step] = max(0, min(int(st.session_state.get(step, 0)), total))

    def move(delta: int) -> None:
        st.session_state[step] = max(0, min(st.session_state[step] + delta, total))

    back, slider, forward_ = st.columns([1, 6, 1], vertical_alignment="bottom")
    back.button(tr("walk.back"), key=f"{prefix}step_back", on_click=move, args=(-1,),
                disabled=st.session_state[step] == 0, width="stretch")  # fmt: skip
    forward_.button(tr("walk.next"), key=f"{prefix}step_next", on_click=move, args=(1,),
                    disabled=st.session_state[step] == total, width="stretch")  # fmt: skip
    slider.slider(tr("walk.slider", total=total), 0, total, key=step, persist_state="session")
    return int(st.session_state[step])


def chart(graph: Graph, output: str, numbers: bool, saved: bool, progress: int | None, fold: bool = False,
          name: str = "autograd") -> None:  # fmt: skip
    dot = to_dot(graph, output, numbers=numbers, saved=saved, progress=progress, lang=lang(), fold=fold, name=name)
    fresh_chart(dot, name)


def show_step(graph: Graph, progress: int) -> None:
    """What happened at this step of backward(): arrived, rule, sent, and the leaves' .grad so far."""
    if progress == 0:
        st.info(tr("step.before", seed=shaped(graph.walk.seed, lang=lang()) if graph.walk else "1"))
    else:
        step = graph.steps[progress - 1]
        node = graph.node(step.node)
        what = tr("step.leaf", name=node.variable) if node.variable else tr("step.backward_node")
        st.markdown(tr("step.runs", step=progress, total=len(graph.steps), op=node.op, what=what,
                       arrived=shaped(step.arrived, lang=lang())))  # fmt: skip
        st.latex(rule(node.op, lang()))
        received = None if step.arrived is None else tuple(step.arrived.shape)
        for target, grad in step.sent:
            receiver = graph.node(target)
            name = f"{receiver.op} ({receiver.variable or receiver.name})" if receiver.variable or receiver.name \
                else receiver.op  # fmt: skip
            note = reshape_note(reshaping(node.op, received, None if grad is None else tuple(grad.shape)), lang())
            st.markdown(tr("step.sends", grad=shaped(grad, lang=lang()), target=name) + (f" ({note})" if note else ""))
    running = {name: "None" if grad is None else value_text(grad) for name, grad in graph.running(progress).items()}
    running |= {n.variable: "None (requires_grad=False)" for n in graph.untracked}  # plain tensors, no node
    grads = tr("list.separator").join(f"`{k}.grad = {v}`" for k, v in running.items())
    st.markdown(tr("step.running_grad", grads=grads))


def legend_and_downloads(graph: Graph, output: str, numbers: bool, saved: bool, prefix: str = "",
                         fold: bool = False) -> None:  # fmt: skip
    with st.expander(tr("graph.legend"), **kept(f"{prefix}legend_expander", f"{prefix}legend_open", False)) as legend:
        if legend.open:
            st.graphviz_chart(legend_dot(lang(), folded=fold))
    # Drawn when asked for (a large graph's DOT takes a second). The server's Graphviz draws no HTML-like
    # labels: the SVG's edge labels are plain text.
    def full() -> str:
        return to_dot(graph, output, numbers=numbers, saved=saved, compact=False, lang=lang())

    def drawn() -> bytes:
        return cached_svg(svg_dot(graph, output, numbers=numbers, saved=saved, lang=lang(), fold=fold))

    row = st.container(horizontal=True)
    row.download_button(tr("graph.download_dot"), full, file_name="autograd.dot", mime="text/vnd.graphviz",
                           key=f"{prefix}dl_dot", on_click="ignore")  # fmt: skip
    row.download_button(tr("graph.download_svg"), drawn, file_name="autograd.svg",
                           mime="image/svg+xml", key=f"{prefix}dl_svg", on_click="ignore")  # fmt: skip
    if len(graph.nodes) > LARGE_GRAPH:
        st.caption(tr("graph.compact", count=len(graph.nodes)))


def node_label(graph: Graph, node: GraphNode) -> str:
    """The one labelling rule of the picker: `AddmmBackward0`, `MulBackward0 (loss)`; the node's id first when
    another node reads the same (two MulBackward0 of one graph)."""
    def text(n: GraphNode) -> str:
        who = n.variable or n.name
        return f"{n.op} ({who})" if who else n.op

    mine = text(node)
    repeated = sum(text(n) == mine for n in graph.nodes) > 1
    return f"{node.id}: {mine}" if repeated else mine


def gradient_of(graph: Graph, node: GraphNode) -> Value | None:
    """The gradient the picker shows: a leaf's .grad as PyTorch holds it (after the walk, or now when no walk
    went through), else what reached the node in the walk."""
    if node.op == LEAF and (graph.walk is None or graph.walk.kind == "backward"):
        return node.held
    return node.grad


def pick_node(graph: Graph, prefix: str) -> None:
    """Any node of the graph, its value and gradient in full: as heatmaps side by side on one colour scale
    centred at 0 (numbers on hover), or the printout for a scalar."""
    labels = {node_label(graph, n): n for n in graph.nodes}
    key = f"{prefix}node"
    if st.session_state.get(key) not in labels:
        st.session_state[key] = next(iter(labels))
    node = labels[st.selectbox(tr("lab.node"), list(labels), key=key, persist_state="session")]
    gradient = gradient_of(graph, node)
    shown = [v for v in (node.value, gradient) if isinstance(v, torch.Tensor) and v.dim() >= 1]
    if shown:
        st.plotly_chart(heatmaps(node.value if isinstance(node.value, torch.Tensor) else None,
                                 gradient if isinstance(gradient, torch.Tensor) else None, lang()),
                        width="stretch", key=f"{prefix}heatmaps")  # fmt: skip
        st.caption(tr("codepage.heatmaps", value=value_text(node.value), grad=value_text(gradient)))
    if graph.walk is None and node.op == LEAF and node.held is not None:
        st.caption(tr("graph.held_code" if node.held_from == "code" else "graph.held_earlier"))
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
