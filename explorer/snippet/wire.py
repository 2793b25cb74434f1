"""A snippet's run as plain JSON data, and back: what crosses from the worker process to the server.

The server never unpickles anything a worker sends (a pickle can run code): the worker writes
JSON text, and the server rebuilds the graph from numbers and strings alone. Tensors travel as
nested lists when small enough (SHOWN elements), else as their shape, dtype and range.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from explorer.traced.graph import Earlier, Graph, GraphEdge, GraphNode, Step, Walk
from explorer.traced.text import TensorInfo, Value

SHOWN = 10_000  # elements of one tensor sent in full
BUDGET = 200_000  # elements of all tensors of one graph sent in full
DTYPES = {str(d).removeprefix("torch."): d for d in (torch.float16, torch.float32, torch.float64, torch.int64,
                                                      torch.int32, torch.bool)}  # fmt: skip


def number(value: float | int | bool) -> float | int | bool | str:
    """A JSON-safe number: non-finite floats become "nan", "inf" or "-inf"."""
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
