"""How explorer/traced/graph.py's record is read off PyTorch: the backward graph behind a tensor, no walk.

`autograd_graph` walks `grad_fn.next_functions` from the output, as pytorchviz does, but names nodes by a
counter in walk order instead of `id()`, so the same formula always gives the same ids: ops, leaves, forward
values, saved tensors, each leaf's `.grad` now. (explorer/traced/watch.py watches a walk over this graph.)
Edges point the way gradients flow: from the output towards the leaves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import torch

from explorer.traced.graph import TENSOR, Graph, GraphEdge, GraphNode
from explorer.traced.text import short

Tensor = torch.Tensor


@dataclass(frozen=True)
class Link:
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


def traverse(output: Tensor) -> tuple[dict[object, str], list[Link]]:
    """Depth-first from output.grad_fn: ids in first-visit order, and every link."""
    ids: dict[object, str] = {}
    links: list[Link] = []

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
                    stack.append((child, enumerate(child.next_functions), Link(fn, slot, child)))
                    break
                links.append(Link(fn, slot, child))
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


def build_graph(ids: dict[object, str], links: list[Link], leaves: Mapping[str, Tensor],
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
    ids, links = traverse(output)
    return build_graph(ids, links, leaves, values, names or {})
