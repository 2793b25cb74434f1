"""The record every door produces and every view reads: the autograd graph PyTorch recorded, and the walk.

A graph is PyTorch's own (`grad_fn.next_functions`, captured by explorer/traced/capture.py; a walk is watched
by explorer/traced/watch.py): nodes in walk order from the output, and one edge for every entry of
`next_functions` (two between the same nodes for `x*x`).
A walk is one `backward()` or `autograd.grad()` call through it: the gradient it started from (its seed),
what reached each node and flowed along each edge, the engine's order, each leaf's `.grad` before and after,
and where PyTorch stopped if it raised. A graph no walk went through carries no gradient at all; a drawing
is right when it adds up: the edges into a leaf sum to that leaf's change of `.grad`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch

from explorer.traced.text import Value

TENSOR = "Tensor"  # the `op` of a tensor with requires_grad off: a plain tensor, no AccumulateGrad node
LEAF = "AccumulateGrad"  # PyTorch's node for a leaf that requires grad: it adds what arrives to `.grad`


@dataclass(frozen=True)
class GraphNode:
    id: str
    op: str  # PyTorch's class name: MulBackward0, AccumulateGrad, ...; TENSOR for a tensor outside the graph
    variable: str | None = None  # the leaf's variable name, for AccumulateGrad
    value: Value | None = None  # the forward value this node's forward op produced (a leaf: its value)
    grad: Value | None = None  # what reached this node in the walk: d(walk's output)/d(this value); None: no walk
    requires_grad: bool = True
    saved: tuple[tuple[str, str], ...] = ()  # the tensors and numbers PyTorch saved for backward, as text
    name: str | None = None  # the variable a snippet keeps this node's result in (pred, loss)
    held_before: Value | None = None  # a leaf's .grad as PyTorch held it before the walk
    held: Value | None = None  # a leaf's .grad as PyTorch holds it after the walk (without a walk: now)
    held_from: str | None = None  # no walk drawn: what put `held` there ("backward": earlier calls; "code")

    @property
    def shape(self) -> tuple[int, ...] | None:
        """The shape of the node's result: from its value, or else from the gradient that reached it."""
        for known in (self.value, self.grad, self.held):
            if known is not None:
                return tuple(known.shape)
        return None

    @property
    def is_leaf(self) -> bool:
        return self.op in (LEAF, TENSOR)


@dataclass(frozen=True)
class GraphEdge:
    source: str  # gradients flow from source to target
    target: str
    grad: Value | None = None  # the gradient that flowed along this edge
    slot: int = 0  # its index in the source's next_functions (x*x: slots 0 and 1, both to x)


@dataclass(frozen=True)
class Step:
    """One node run by the engine during the walk."""

    node: str
    arrived: Value | None  # gradient of the output with respect to the node's result
    sent: tuple[tuple[str, Value | None], ...]  # (target id, gradient) for each outgoing edge


@dataclass(frozen=True)
class Earlier:
    """Earlier backward() calls whose gradients a leaf's .grad already held when the walk began."""

    leaf: str
    calls: tuple[tuple[int, str, int], ...]  # (line, the call as written, how many times), oldest first
    other: bool = False  # something else (the snippet's own code) had put a value there before them


@dataclass(frozen=True)
class Walk:
    """One backward() or torch.autograd.grad() call."""

    kind: str = "backward"  # or "grad": autograd.grad returns the gradients and leaves .grad alone
    seed: Value | None = None  # the gradient the walk started from: 1 for a scalar, v for backward(gradient=v)
    call: str = ""  # the call as written, `y.sum().backward()`; "" when not known (the formula page)
    line: int = 0
    error: str | None = None  # PyTorch's error line, when the walk raised
    stopped: str | None = None  # the node the engine was running when it raised; None: before the first node
    earlier: tuple[Earlier, ...] = ()
    part_of: str | None = None  # this graph is the part below one node of the walk of this tensor
    undrawn: str | None = None  # why the walk has no nodes drawn: "large" (over MAX_GRAPH), "outputs" (several)
    changed: tuple[tuple[str, int], ...] = ()  # (leaf, line): changed in place after the output was computed


@dataclass(frozen=True)
class Graph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    steps: tuple[Step, ...] = ()  # the walk, in the order the engine ran the nodes
    untracked: tuple[GraphNode, ...] = ()  # variables with requires_grad off: not part of PyTorch's graph
    walk: Walk | None = None  # None: no backward() went through this graph (values and shapes only)

    @property
    def root(self) -> GraphNode | None:
        return self.nodes[0] if self.nodes else None

    @property
    def backward_order(self) -> tuple[str, ...]:
        return tuple(step.node for step in self.steps)

    @property
    def failed(self) -> bool:
        return self.walk is not None and self.walk.error is not None

    @property
    def freed(self) -> bool:
        """Did an earlier backward() free what PyTorch saved for this graph?"""
        return any(text == "freed" for node in self.nodes for _, text in node.saved)

    def running(self, progress: int) -> dict[str, Value | None]:
        """Each leaf's .grad after `progress` steps of the walk: what it held before, until its node has run."""
        ran = {step.node for step in self.steps[:progress]}
        return {n.variable: n.held if n.id in ran else n.held_before for n in self.nodes if n.variable is not None}

    def node(self, node_id: str) -> GraphNode:
        return next(n for n in (*self.nodes, *self.untracked) if n.id == node_id)

    def named(self, name: str) -> GraphNode | None:
        """The node whose result a snippet's variable holds."""
        return next((n for n in self.nodes if n.name == name), None)

    def part(self, node_id: str, name: str) -> Graph:
        """The part of this graph below one node (what `name` was made from), with the walk's gradients on it:
        the walk seen from that node, whose seed is the gradient that reached it."""
        below = {node_id}
        todo = [node_id]
        children: dict[str, list[str]] = {}
        for edge in self.edges:
            children.setdefault(edge.source, []).append(edge.target)
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in below:
                    below.add(child)
                    todo.append(child)
        edges = tuple(e for e in self.edges if e.source in below)
        nodes = [self.node(node_id), *(n for n in self.nodes if n.id in below and n.id != node_id)]
        walk = self.walk
        if walk is not None:
            root = self.node(node_id)
            stopped = walk.stopped if walk.stopped in below else None
            walk = replace(walk, seed=root.grad, part_of=walk.call or self.nodes[0].name, stopped=stopped)
            sent = _sent_by_part(edges)
            nodes = [replace(n, grad=sent.get(n.id)) if n.op == LEAF else n for n in nodes]
        return Graph(tuple(nodes), edges, tuple(s for s in self.steps if s.node in below), self.untracked, walk)


def _sent_by_part(edges: tuple[GraphEdge, ...]) -> dict[str, Value]:
    """What the edges of a part brought each leaf: its share of the walk (the leaf's .grad has the whole walk's)."""
    found: dict[str, Value] = {}
    for edge in edges:
        if isinstance(edge.grad, torch.Tensor):
            found[edge.target] = edge.grad if edge.target not in found else found[edge.target] + edge.grad
    return found
