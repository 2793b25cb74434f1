"""The one codec of the record: a graph (and any tensor or number in it) as plain JSON data, and back.

`graph_data`/`graph_from` carry a graph whole from a worker process to the server: the server never unpickles
anything a worker sends (a pickle can run code); it rebuilds the graph from numbers and strings alone. Tensors
travel as nested lists when small enough (SHOWN elements), else as their shape, dtype and range.
`graph_json` is the view scripts read (`--json` of the CLI, for formulas and snippets alike, and the API):
names, shapes, every edge, the engine's order and the walk. `number` writes one JSON-safe number.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from explorer.traced.graph import LEAF, Earlier, Graph, GraphEdge, GraphNode, Step, Walk
from explorer.traced.shapes import on_edge
from explorer.traced.text import TensorInfo, Value

SHOWN = 10_000  # elements of one tensor sent in full
BUDGET = 200_000  # elements of all tensors of one graph sent in full
DTYPES = {str(d).removeprefix("torch."): d for d in (torch.float16, torch.float32, torch.float64, torch.int64,
                                                      torch.int32, torch.bool)}  # fmt: skip


def number(value: float | int | bool | torch.Tensor | None) -> float | int | bool | str | None:
    """A JSON-safe number: non-finite floats become "nan", "inf" or "-inf"; a one-element tensor its number;
    None (or a larger tensor) None."""
    if isinstance(value, torch.Tensor):
        value = value.detach().item() if value.numel() == 1 else None
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def _listed(values: Any) -> Any:
    return [_listed(v) for v in values] if isinstance(values, list) else number(values)


def _unlisted(values: Any) -> Any:
    if isinstance(values, list):
        return [_unlisted(v) for v in values]
    return float(values) if isinstance(values, str) else values


class _Packer:
    def __init__(self) -> None:
        self.spent = 0

    def tensor(self, value: Value | None) -> dict | None:
        if value is None:
            return None
        if isinstance(value, TensorInfo):
            return {"dtype": value.dtype, "shape": list(value.shape), "lo": number(value.lo), "hi": number(value.hi)}
        dtype = str(value.dtype).removeprefix("torch.")
        if value.numel() <= SHOWN and self.spent + value.numel() <= BUDGET and dtype in DTYPES:
            self.spent += value.numel()
            return {"dtype": dtype, "shape": list(value.shape), "data": _listed(value.detach().tolist())}
        numbers = value.detach().double() if value.numel() else torch.zeros(1, dtype=torch.float64)
        return {"dtype": dtype, "shape": list(value.shape), "lo": number(numbers.min().item()),
                "hi": number(numbers.max().item())}  # fmt: skip


def tensor_data(value: Value | None) -> dict | None:
    """One tensor as JSON-ready data (in full up to SHOWN elements)."""
    return _Packer().tensor(value)


def tensor_from(data: dict | None) -> Value | None:
    if data is None:
        return None
    shape = tuple(int(n) for n in data["shape"])
    if "data" not in data:
        return TensorInfo(shape, str(data["dtype"]), float(_unlisted(data["lo"])), float(_unlisted(data["hi"])))
    return torch.tensor(_unlisted(data["data"]), dtype=DTYPES[data["dtype"]]).reshape(shape)


def graph_data(graph: Graph) -> dict:
    pack = _Packer()

    def node(n: GraphNode) -> dict:
        return {"id": n.id, "op": n.op, "variable": n.variable, "name": n.name, "value": pack.tensor(n.value),
                "grad": pack.tensor(n.grad), "requires_grad": n.requires_grad, "saved": [list(s) for s in n.saved],
                "held_before": pack.tensor(n.held_before), "held": pack.tensor(n.held), "held_from": n.held_from}

    return {
        "nodes": [node(n) for n in graph.nodes],
        "edges": [{"from": e.source, "to": e.target, "grad": pack.tensor(e.grad), "slot": e.slot} for e in graph.edges],
        "walk": None if graph.walk is None else walk_data(graph.walk, pack.tensor),
        "steps": [{"node": s.node, "arrived": pack.tensor(s.arrived),
                   "sent": [[target, pack.tensor(g)] for target, g in s.sent]} for s in graph.steps],
        "untracked": [node(n) for n in graph.untracked],
    }  # fmt: skip


def graph_from(data: dict) -> Graph:
    def node(d: dict) -> GraphNode:
        saved = tuple((str(a), str(b)) for a, b in d["saved"])
        return GraphNode(str(d["id"]), str(d["op"]), d["variable"], tensor_from(d["value"]), tensor_from(d["grad"]),
                         bool(d["requires_grad"]), saved, d["name"], tensor_from(d["held_before"]),
                         tensor_from(d["held"]), d.get("held_from"))  # fmt: skip

    return Graph(
        tuple(node(d) for d in data["nodes"]),
        tuple(GraphEdge(str(e["from"]), str(e["to"]), tensor_from(e["grad"]), int(e["slot"])) for e in data["edges"]),
        tuple(Step(str(s["node"]), tensor_from(s["arrived"]), tuple((str(t), tensor_from(g)) for t, g in s["sent"]))
              for s in data["steps"]),
        tuple(node(d) for d in data["untracked"]),
        None if data["walk"] is None else walk_from(data["walk"]),
    )  # fmt: skip


def walk_data(walk: Walk, tensor=tensor_data) -> dict:
    return {"kind": walk.kind, "seed": tensor(walk.seed), "call": walk.call, "line": walk.line, "error": walk.error,
            "stopped": walk.stopped, "part_of": walk.part_of, "undrawn": walk.undrawn,
            "changed": [list(c) for c in walk.changed],
            "earlier": [[e.leaf, [list(c) for c in e.calls], e.other] for e in walk.earlier]}  # fmt: skip


def walk_from(data: dict) -> Walk:
    earlier = tuple(Earlier(str(leaf), tuple((int(a), str(b), int(c)) for a, b, c in calls), bool(other))
                    for leaf, calls, other in data["earlier"])  # fmt: skip
    return Walk(str(data["kind"]), tensor_from(data["seed"]), str(data["call"]), int(data["line"]), data["error"],
                data["stopped"], earlier, data["part_of"], data.get("undrawn"),
                tuple((str(leaf), int(line)) for leaf, line in data.get("changed", ())))  # fmt: skip


# ------------------------------------------------------------------ the view scripts read
def tensor_json(value: Value | None) -> Any:
    """Nested lists of numbers; non-finite numbers as "nan", "inf", "-inf"."""
    if value is None:
        return None
    if isinstance(value, TensorInfo):  # (only from a worker; the CLI runs in its own process and has them all)
        return {"shape": list(value.shape), "min": number(value.lo), "max": number(value.hi)}
    return _listed(value.detach().tolist() if isinstance(value, torch.Tensor) else value)


def _reduced(graph: Graph, edge: GraphEdge) -> dict | None:
    """Where the engine summed a gradient down to a broadcast input's shape: {"from", "to", "dims"}."""
    reshaped = on_edge(graph, edge)
    return reshaped.data() if reshaped is not None and reshaped.kind == "summed" else None


def _node(n: GraphNode) -> dict[str, Any]:
    """A node; a leaf's "grad" is its .grad as PyTorch holds it after the walk, "grad_before" before it, and
    "arrived" what this walk added (or, for autograd.grad, returned)."""
    data = {"id": n.id, "op": n.op, "name": n.name, "shape": None if n.shape is None else list(n.shape),
            "value": tensor_json(n.value), "grad": tensor_json(n.grad), "variable": n.variable}
    if n.op == LEAF:
        data |= {"grad": tensor_json(n.held), "grad_before": tensor_json(n.held_before), "arrived": tensor_json(n.grad),
                 "held_from": n.held_from}
    return data


def _walk(walk: Walk | None) -> dict[str, Any] | None:
    if walk is None:
        return None
    return {"kind": walk.kind, "call": walk.call, "line": walk.line, "seed": tensor_json(walk.seed),
            "error": walk.error, "stopped_at": walk.stopped, "part_of": walk.part_of, "undrawn": walk.undrawn,
            "changed": [{"leaf": leaf, "line": line} for leaf, line in walk.changed],
            "earlier": {e.leaf: {"calls": [{"line": line, "call": text, "times": times}
                                           for line, text, times in e.calls], "other": e.other}
                        for e in walk.earlier}}  # fmt: skip


def graph_json(graph: Graph) -> dict[str, Any]:
    """Nodes with their names and shapes, edges the way gradients flow (every entry of next_functions, so x*x
    has two edges to x), the engine's order, and the walk (None: no backward() went through this graph)."""
    return {
        "nodes": [_node(n) for n in graph.nodes],
        "edges": [{"from": e.source, "to": e.target, "slot": e.slot,
                   "shape": None if e.grad is None else list(e.grad.shape),
                   "grad": tensor_json(e.grad), "reduced": _reduced(graph, e)} for e in graph.edges],
        "backward_order": list(graph.backward_order),
        "walk": _walk(graph.walk),
    }  # fmt: skip
