"""What a backward node did to the shape of the gradient it passed on: summed it over the dimensions an
input was broadcast along, spread it back over what a sum or a mean reduced, or reshaped it.

The engine does the summing silently: in `x @ W.T + b` the AddBackward0 node receives a (5, 2)
gradient and sends the bias (2,), the sum over the batch dimension. An edge whose gradient has a
different shape from the one its node received says which of these happened, and along which dims.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.traced.graph import Graph, GraphEdge

SPREADS = ("SumBackward0", "SumBackward1", "MeanBackward0", "MeanBackward1")  # a reduction's gradient, spread
RESHAPES = ("ViewBackward0", "UnsafeViewBackward0", "ReshapeAliasBackward0", "UnsqueezeBackward0",
            "SqueezeBackward0", "SqueezeBackward1", "SqueezeBackward2", "SqueezeBackward3")  # fmt: skip


@dataclass(frozen=True)
class Reshaped:
    kind: str  # "summed", "spread" or "reshaped"
    source: tuple[int, ...]  # the shape of the gradient the node received
    target: tuple[int, ...]  # the shape it sent along the edge
    dims: tuple[int, ...]  # summed (or spread) along these dims of the larger shape

    def data(self) -> dict:
        """As the CLI's JSON writes it: {"from": shape, "to": shape, "dims": [...]} (for a sum)."""
        return {"from": list(self.source), "to": list(self.target), "dims": list(self.dims)}


def broadcast_dims(small: tuple[int, ...], large: tuple[int, ...]) -> tuple[int, ...] | None:
    """The dims of `large` that `small` was broadcast along (PyTorch's rule: align from the right, a size
    of 1 or a missing dim stretches), or None when `small` does not broadcast to `large`."""
    if len(small) > len(large):
        return None
    padded = (1,) * (len(large) - len(small)) + tuple(small)
    dims = []
    for i, (s, b) in enumerate(zip(padded, large, strict=True)):
        if s == b:
            if i < len(large) - len(small):
                dims.append(i)  # a dim small does not have at all (size 1 after padding, equal only if b == 1)
            continue
        if s != 1:
            return None
        dims.append(i)
    return tuple(d for d in dims if large[d] != 1 or d < len(large) - len(small))


def reduced_dims(small: tuple[int, ...], large: tuple[int, ...]) -> tuple[int, ...] | None:
    """The dims of `large` that a sum or mean took away to leave `small`: dropped (sum(dim=1): (3, 4) ->
    (3,)) or kept with size 1 (keepdim=True: (3, 4) -> (3, 1)); None when `small` is not such a result."""
    if len(small) == len(large):
        if any(s not in (1, b) for s, b in zip(small, large, strict=True)):
            return None
        return tuple(i for i, (s, b) in enumerate(zip(small, large, strict=True)) if s != b)
    kept, dims, i = list(small), [], 0
    for d, size in enumerate(large):
        if i < len(kept) and kept[i] == size:
            i += 1
        else:
            dims.append(d)
    return tuple(dims) if i == len(kept) else None


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for size in shape:
        n *= size
    return n


def reshaping(op: str, received: tuple[int, ...] | None, sent: tuple[int, ...] | None) -> Reshaped | None:
    """What `op` did to the gradient's shape on one edge, or None when nothing of the kind (a matrix
    product's gradients have other shapes because they are other tensors, not reshaped ones)."""
    if received is None or sent is None or tuple(received) == tuple(sent):
        return None
    received, sent = tuple(received), tuple(sent)
    if _numel(sent) < _numel(received):
        dims = broadcast_dims(sent, received)
        if dims is not None:
            return Reshaped("summed", received, sent, dims)
    if op in SPREADS and _numel(sent) > _numel(received):
        dims = reduced_dims(received, sent)
        if dims is not None:
            return Reshaped("spread", received, sent, dims)
    if op in RESHAPES and _numel(sent) == _numel(received):
        return Reshaped("reshaped", received, sent, ())
    return None


def on_edge(graph: Graph, edge: GraphEdge) -> Reshaped | None:
    """What the edge's node did to the gradient's shape on the way to this input (None: nothing)."""
    node = graph.node(edge.source)
    received = None if node.grad is None else tuple(node.grad.shape)
    sent = None if edge.grad is None else tuple(edge.grad.shape)
    return reshaping(node.op, received, sent)
