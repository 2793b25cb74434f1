"""A snippet's run for scripts (`python -m explorer run FILE --json`) and as Python would end it."""

from __future__ import annotations

from typing import Any

import torch

from explorer.traced.graph import LEAF, Graph, GraphEdge, GraphNode, Walk
from explorer.traced.shapes import on_edge
from explorer.traced.text import TensorInfo, Value

from .result import SnippetRun
from .wire import number


def _listed(value: Any) -> Any:
    return [_listed(v) for v in value] if isinstance(value, list) else number(value)


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


def as_json(run: SnippetRun) -> dict[str, Any]:
    error = None if run.error is None else {"type": run.error.raised.type, "message": run.error.raised.message,
                                              "line": run.error.line}  # fmt: skip
    data = {"output": run.output, "error": error, "graph": None if run.graph is None else graph_json(run.graph),
            "graph_of": run.graph_name, "losses": [number(v) for v in run.losses]}  # fmt: skip
    if run.jacobian is not None:  # asked for with --jacobian NAME: one matrix per leaf, rows follow NAME's elements
        data["jacobian"] = {leaf: tensor_json(matrix) for leaf, matrix in run.jacobian.rows.items()}
    elif run.jacobian_problem is not None:  # asked for, and why there is none: "freed", "missing", "unsuitable"
        data["jacobian_problem"] = run.jacobian_problem
    return data


def warning_lines(run: SnippetRun, filename: str) -> list[str]:
    """Warnings as Python writes them to stderr: `snippet.py:6: UserWarning: ...`."""
    return [f"{filename}:{w.line}: {w.category}: {w.message}" for w in run.warnings]
