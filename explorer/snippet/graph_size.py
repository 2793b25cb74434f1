"""How large the graph behind a tensor is, counted only up to MAX_GRAPH + 1 nodes: a walk on a larger one is
recorded but not drawn, and a graph of one is not shown."""

from __future__ import annotations

import torch

from explorer.traced.capture import root_of

MAX_GRAPH = 2_000  # nodes of a graph that is walked and kept; a longer one is not drawn


def nodes(tensor: torch.Tensor):
    """The nodes of the graph behind a tensor, up to MAX_GRAPH + 1 of them."""
    seen: set[object] = set()
    root = root_of(tensor)
    todo = [root] if root is not None else []
    while todo and len(seen) <= MAX_GRAPH:
        fn = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        todo.extend(child for child, _ in fn.next_functions if child is not None)
    return seen


def size(tensor: torch.Tensor) -> int:
    """How many nodes the graph behind a tensor has, counted up to MAX_GRAPH + 1."""
    return len(nodes(tensor))


def reaches(tensor: torch.Tensor, node: object) -> bool:
    """Is `node` in the graph behind `tensor` (within the first MAX_GRAPH + 1 nodes)?"""
    return node in nodes(tensor)
