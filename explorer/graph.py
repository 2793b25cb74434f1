"""Stage 3 of the pipeline: the autograd graph PyTorch recorded, and what flowed through it.

`autograd_graph` walks `grad_fn.next_functions` from the output, as pytorchviz does, but
names nodes by a counter in walk order instead of `id()`, so the same formula always gives
the same ids. `traced_backward` runs the real `backward()` with a hook on every node: the
hooks see the gradient that arrives at each node, the gradients it sends along each edge,
and the order in which PyTorch's engine ran the nodes. Nothing here recomputes a gradient.
Edges point the way gradients flow: from the output towards the leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import torch

from .build import Computation, Result
from .shown import Value, short

Tensor = torch.Tensor
TENSOR = "Tensor"  # the `op` of a tensor with requires_grad off: a plain tensor, no AccumulateGrad node




@dataclass(frozen=True)
class GraphNode:
    id: str
    op: str  # PyTorch's class name: MulBackward0, AccumulateGrad, ...; TENSOR for a tensor outside the graph
    variable: str | None = None  # the leaf's variable name, for AccumulateGrad
    value: Value | None = None  # the forward value this node's forward op produced (a leaf: its value)
    grad: Value | None = None  # gradient of the output with respect to that value (a leaf: its .grad)
    requires_grad: bool = True
    saved: tuple[tuple[str, str], ...] = ()  # the tensors and numbers PyTorch saved for backward, as text
    name: str | None = None  # the variable a snippet keeps this node's result in (pred, loss)

    @property
    def shape(self) -> tuple[int, ...] | None:
        """The shape of the node's result: from its value, or else from the gradient that reached it."""
        for known in (self.value, self.grad):
            if known is not None:
                return tuple(known.shape)
        return None


@dataclass(frozen=True)
class GraphEdge:
    source: str  # gradients flow from source to target
    target: str
    grad: Value | None = None  # the gradient that flowed along this edge


@dataclass(frozen=True)
class Step:
    """One node run by the engine during backward()."""

    node: str
    arrived: Value | None  # gradient of the output with respect to the node's result
    sent: tuple[tuple[str, Value | None], ...]  # (target id, gradient) for each outgoing edge


@dataclass(frozen=True)
class Graph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    steps: tuple[Step, ...] = ()  # the backward pass, in the order the engine ran the nodes
    untracked: tuple[GraphNode, ...] = ()  # variables with requires_grad off: not part of PyTorch's graph

    @property
    def root(self) -> GraphNode | None:
        return self.nodes[0] if self.nodes else None

    @property
    def backward_order(self) -> tuple[str, ...]:
        return tuple(step.node for step in self.steps)

    def node(self, node_id: str) -> GraphNode:
        return next(n for n in (*self.nodes, *self.untracked) if n.id == node_id)


# --------------------------------------------------------------------------- the walk
@dataclass(frozen=True)
class _Link:
    source: object  # a grad_fn
    slot: int  # its index in source.next_functions
    target: object


def node_of(tensor: Tensor) -> object | None:
    """tensor.grad_fn, or None where PyTorch refuses to say (a no_grad view whose base changed in place)."""
    try:
        return tensor.grad_fn
    except RuntimeError:
        return None


def _walk(output: Tensor) -> tuple[dict[object, str], list[_Link]]:
    """Depth-first from output.grad_fn: ids in first-visit order, and every link."""
    ids: dict[object, str] = {}
    links: list[_Link] = []

    def visit(root: object) -> None:
        """Depth first, iterative: a snippet's loop can chain thousands of nodes. A link is added once
        its target's subtree is done, as the recursive walk did."""
        ids[root] = f"n{len(ids)}"
        stack = [(root, enumerate(root.next_functions), None)]  # type: ignore[attr-defined]
        while stack:
            fn, slots, arrived_by = stack[-1]
            for slot, (child, _) in slots:
                if child is None:  # an input that does not require grad (a constant)
                    continue
                if child not in ids:
                    ids[child] = f"n{len(ids)}"
                    stack.append((child, enumerate(child.next_functions), _Link(fn, slot, child)))
                    break
                links.append(_Link(fn, slot, child))
            else:
                stack.pop()
                if arrived_by is not None:
                    links.append(arrived_by)

    root = node_of(output)
    if root is None and output.requires_grad:  # y = x: backward() feeds x's AccumulateGrad directly
        root = torch.autograd.graph.get_gradient_edge(output).node
    if root is not None:
        visit(root)
    return ids, links


def _detached(value: object) -> Tensor | None:
    return value.detach().clone() if isinstance(value, Tensor) else None


def _saved_value(fn: object, name: str) -> object:
    try:
        return getattr(fn, name, None)
    except RuntimeError:  # freed by an earlier backward()
        return "freed"


def _saved(fn: object) -> tuple[tuple[str, str], ...]:
    """PyTorch's saved values (`_saved_self`, `_saved_exponent` ...); readable before backward."""
    return tuple((name, short(_saved_value(fn, name))) for name in sorted(dir(fn)) if name.startswith("_saved_"))


def _forward_values(values: Iterable[tuple[object, object]]) -> dict[object, Tensor]:
    """grad_fn -> the tensor it belongs to, from the forward pass's record of every result."""
    nodes = ((node_of(v), v) for _, v in values if isinstance(v, Tensor))
    return {node: v for node, v in nodes if node is not None}


def autograd_graph(
    output: Tensor, leaves: Mapping[str, Tensor], values: Iterable[tuple[object, object]] = (),
    names: Mapping[object, str] | None = None,
) -> Graph:  # fmt: skip
    """The backward graph behind `output` (no gradients yet): ops, leaves, values, saved tensors.
    `names` maps a grad_fn to the variable that holds its result (a snippet's `pred`, `loss`)."""
    names = names or {}
    ids, links = _walk(output)
    leaf_names = {id(tensor): name for name, tensor in leaves.items()}
    produced = _forward_values(values)
    nodes = []
    for fn, node_id in ids.items():
        variable = getattr(fn, "variable", None)
        if variable is not None:
            value = _detached(variable)
        elif fn in produced:
            value = _detached(produced[fn])
        else:  # made inside a Python operator (the 1/x of `2/x`): PyTorch kept it as _saved_result
            value = _detached(_saved_value(fn, "_saved_result"))
        leaf = leaf_names.get(id(variable)) if variable is not None else None
        nodes.append(GraphNode(node_id, type(fn).__name__, leaf, value, saved=_saved(fn), name=names.get(fn)))
    edges = tuple(GraphEdge(ids[link.source], ids[link.target]) for link in links)
    untracked = tuple(
        GraphNode(f"u{i}", TENSOR, name, _detached(leaf), requires_grad=False)
        for i, (name, leaf) in enumerate(leaves.items())
        if not leaf.requires_grad
    )
    return Graph(tuple(nodes), edges, (), untracked)


def traced_backward(
    output: Tensor, leaves: Mapping[str, Tensor], values: Iterable[tuple[object, object]] = (),
    names: Mapping[object, str] | None = None, run: Callable[[], None] | None = None,
) -> tuple[dict[str, Tensor | None], Graph]:  # fmt: skip
    """Run `output.backward()` (or `run()`, a snippet's own backward call with its arguments) with a hook on
    every node; return each leaf's .grad and the graph."""
    graph = autograd_graph(output, leaves, values, names)  # reads saved tensors while they still exist
    ids, links = _walk(output)
    fired: list[tuple[object, tuple, tuple]] = []
    handles = [
        fn.register_hook(lambda grad_inputs, grad_outputs, fn=fn: fired.append((fn, grad_inputs, grad_outputs)))  # type: ignore[attr-defined]
        for fn in ids
    ]
    try:
        if run is not None:
            run()
        elif output.requires_grad:
            output.backward()
    finally:
        for handle in handles:
            handle.remove()
    grads = {name: leaf.grad for name, leaf in leaves.items()}

    sent_by: dict[object, tuple] = {}
    steps = []
    for fn, grad_inputs, grad_outputs in fired:
        sent_by[fn] = grad_inputs
        children = [(slot, child) for slot, (child, _) in enumerate(fn.next_functions) if child is not None]  # type: ignore[attr-defined]
        sent = tuple((ids[child], _detached(grad_inputs[slot])) for slot, child in children)
        steps.append(Step(ids[fn], _detached(grad_outputs[0]), sent))
    arrived = {step.node: step.arrived for step in steps}
    nodes = tuple(replace(n, grad=arrived.get(n.id)) for n in graph.nodes)
    edges = tuple(
        replace(edge, grad=_detached(sent_by[link.source][link.slot]) if link.source in sent_by else None)
        for edge, link in zip(graph.edges, links, strict=True)
    )
    return grads, Graph(nodes, edges, tuple(steps), graph.untracked)


def trace(computation: Computation) -> tuple[Result, Graph]:
    """Backward for a formula's forward pass, watched: the printout's values and the graph."""
    grads, graph = traced_backward(computation.output, computation.leaves, computation.values)
    return Result(computation, grads), graph
