"""How the record of explorer/traced/graph.py is taken from PyTorch: the graph behind a tensor, and a watched walk.

`autograd_graph` walks `grad_fn.next_functions` from the output, as pytorchviz does, but names nodes by a
counter in walk order instead of `id()`, so the same formula always gives the same ids. `watch` runs the
real `backward()` (or `autograd.grad()`, or a snippet's own call) with a hook on every node: the hooks see
the gradient that arrives at each node, the gradients it sends along each edge, and the order in which
PyTorch's engine ran the nodes; a node that was entered and never finished is where PyTorch raised.
Nothing here recomputes a gradient. Edges point the way gradients flow: from the output towards the leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import torch

from explorer.traced.graph import TENSOR, Graph, GraphEdge, GraphNode, Step, Walk
from explorer.traced.text import short

Tensor = torch.Tensor


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


def root_of(output: Tensor) -> object | None:
    """The node a walk from `output` starts at: its grad_fn, or a leaf's AccumulateGrad (y = x)."""
    root = node_of(output)
    if root is None and output.requires_grad:  # y = x: backward() feeds x's AccumulateGrad directly
        root = torch.autograd.graph.get_gradient_edge(output).node
    return root


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

    root = root_of(output)
    if root is not None:
        visit(root)
    return ids, links


def detached(value: object) -> Tensor | None:
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


def _graph(ids: dict[object, str], links: list[_Link], leaves: Mapping[str, Tensor],
           values: Iterable[tuple[object, object]], names: Mapping[object, str]) -> Graph:  # fmt: skip
    leaf_names = {id(tensor): name for name, tensor in leaves.items()}
    produced = _forward_values(values)
    nodes = []
    for fn, node_id in ids.items():
        variable = getattr(fn, "variable", None)
        if variable is not None:
            value = detached(variable)
        elif fn in produced:
            value = detached(produced[fn])
        else:  # made inside a Python operator (the 1/x of `2/x`): PyTorch kept it as _saved_result
            value = detached(_saved_value(fn, "_saved_result"))
        leaf = leaf_names.get(id(variable)) if variable is not None else None
        held = detached(variable.grad) if variable is not None else None
        nodes.append(GraphNode(node_id, type(fn).__name__, leaf, value, saved=_saved(fn), name=names.get(fn),
                               held=held))  # fmt: skip
    edges = tuple(GraphEdge(ids[link.source], ids[link.target], slot=link.slot) for link in links)
    untracked = tuple(
        GraphNode(f"u{i}", TENSOR, name, detached(leaf), requires_grad=False)
        for i, (name, leaf) in enumerate(leaves.items())
        if not leaf.requires_grad
    )
    return Graph(tuple(nodes), edges, (), untracked)


def autograd_graph(
    output: Tensor, leaves: Mapping[str, Tensor], values: Iterable[tuple[object, object]] = (),
    names: Mapping[object, str] | None = None,
) -> Graph:  # fmt: skip
    """The backward graph behind `output`, no walk: ops, leaves, values, saved tensors, each leaf's .grad now.
    `names` maps a grad_fn to the variable that holds its result (a snippet's `pred`, `loss`)."""
    ids, links = _walk(output)
    return _graph(ids, links, leaves, values, names or {})


@dataclass(frozen=True)
class Watched:
    graph: Graph  # with its walk
    raised: BaseException | None  # what PyTorch raised during the call (the caller raises it again)
    returned: object = None  # what the call returned (autograd.grad: the gradients)

    def checked(self) -> Graph:
        """The graph with its walk, or PyTorch's error raised again."""
        if self.raised is not None:
            raise self.raised
        return self.graph


def seed_of(output: Tensor, gradient: object) -> Tensor | None:
    """The gradient a walk from `output` starts from: `gradient` as given, or 1 for a one-element output."""
    if isinstance(gradient, Tensor):
        return gradient.detach().clone()
    if isinstance(gradient, (int, float)) and not isinstance(gradient, bool):
        return torch.tensor(float(gradient))
    return torch.ones_like(output.detach()) if output.numel() == 1 else None


def watch(
    output: Tensor, leaves: Mapping[str, Tensor], values: Iterable[tuple[object, object]] = (),
    names: Mapping[object, str] | None = None, run: Callable[[], object] | None = None, *,
    seed: Tensor | None = None, walk: Walk | None = None, inputs: Iterable[Tensor] = (),
) -> Watched:  # fmt: skip
    """Run `run()` (default `output.backward()`) with a hook on every node of output's graph, and record the
    walk: what reached each node and flowed along each edge, the engine's order, each leaf's .grad before and
    after, the seed, and where PyTorch raised if it did. `inputs`: autograd.grad's inputs, whose gradients
    the engine hands back instead of running their nodes."""
    ids, links = _walk(output)
    graph = _graph(ids, links, leaves, values, names or {})  # reads saved tensors while they still exist
    entered: list[tuple[object, tuple]] = []
    fired: list[tuple[object, tuple, tuple]] = []
    handles = []
    for fn in ids:
        handles.append(fn.register_prehook(lambda grad_outputs, fn=fn: entered.append((fn, grad_outputs))))  # type: ignore[attr-defined]
        handles.append(fn.register_hook(  # type: ignore[attr-defined]
            lambda grad_inputs, grad_outputs, fn=fn: fired.append((fn, grad_inputs, grad_outputs))))
    raised: BaseException | None = None
    returned = None
    try:
        returned = run() if run is not None else output.backward()
    except Exception as exc:  # noqa: BLE001 (PyTorch's error is part of the record, then raised again)
        raised = exc
    finally:
        for handle in handles:
            handle.remove()
    return Watched(_walked(graph, ids, links, fired, entered, raised, seed, walk or Walk(), inputs, returned),
                   raised, returned)  # fmt: skip


def _walked(graph: Graph, ids: dict[object, str], links: list[_Link], fired: list, entered: list,
            raised: BaseException | None, seed: Tensor | None, walk: Walk, inputs: Iterable[Tensor],
            returned: object) -> Graph:  # fmt: skip
    sent_by: dict[object, tuple] = {}
    steps = []
    for fn, grad_inputs, grad_outputs in fired:
        sent_by[fn] = grad_inputs
        children = [(slot, child) for slot, (child, _) in enumerate(fn.next_functions) if child is not None]
        sent = tuple((ids[child], detached(grad_inputs[slot])) for slot, child in children)
        steps.append(Step(ids[fn], detached(grad_outputs[0]), sent))
    arrived = {ids[fn]: detached(grads[0]) for fn, grads in entered if grads}  # what reached each node run or tried
    arrived |= {step.node: step.arrived for step in steps}
    captured = _captured(ids, inputs, returned)  # autograd.grad: what it returned for each input's node
    arrived |= captured
    by_id = {node_id: fn for fn, node_id in ids.items()}
    nodes = []
    for n in graph.nodes:
        variable = getattr(by_id[n.id], "variable", None)
        after = detached(variable.grad) if variable is not None else None
        nodes.append(replace(n, grad=arrived.get(n.id), held_before=n.held, held=after))
    edges = tuple(
        replace(edge, grad=detached(sent_by[link.source][link.slot]) if link.source in sent_by else None)
        for edge, link in zip(graph.edges, links, strict=True)
    )
    stopped = None
    if raised is not None:
        done = {fn for fn, _, _ in fired}
        stopped = next((ids[fn] for fn, _ in entered if fn not in done), None)
    error = None if raised is None else f"{type(raised).__name__}: {raised}"
    walk = replace(walk, seed=seed if raised is None or entered else None, error=error, stopped=stopped)
    return Graph(tuple(nodes), edges, tuple(steps), graph.untracked, walk)


def _captured(ids: dict[object, str], inputs: Iterable[Tensor], returned: object) -> dict[str, Tensor | None]:
    """autograd.grad(outputs, inputs): each input's gradient, on the node it would have reached."""
    inputs = list(inputs)
    if not inputs or not isinstance(returned, tuple):
        return {}
    found = {}
    for tensor, grad in zip(inputs, returned, strict=False):
        node = root_of(tensor) if tensor.requires_grad else None
        if node is not None and node in ids and isinstance(grad, Tensor):
            found[ids[node]] = grad.detach().clone()
    return found
