"""Plain values for people and scripts: the printout and the JSON of one evaluation."""

from __future__ import annotations

import math
from typing import Any

import torch

from explorer.draw.dot import to_dot
from explorer.formula.forward import Result, torch_text
from explorer.formula.printing import canonical
from explorer.formula.symbolic import Symbolic
from explorer.formula.tree import Formula
from explorer.traced.graph import Graph


def json_number(value: float | torch.Tensor | None) -> float | str | None:
    """A JSON-safe number: non-finite values become "nan", "inf" or "-inf"."""
    if value is None or (isinstance(value, torch.Tensor) and value.numel() != 1):
        return None
    number = value.detach().item() if isinstance(value, torch.Tensor) else float(value)
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return number


def output_name(formula: Formula) -> str:
    """What to call the result: y, or z when y is an input (as in the tutorial's example 6)."""
    return next(name for name in ("y", "z", "f", "out") if name not in formula.variables)


def printout(formula: Formula, result: Result, output: str = "y") -> str:
    """What the tutorial's prints show: `y = tensor(...)`, then `NAME.grad = ...` lines."""
    lines = [f"{output} = {torch_text(result.value)}"]
    lines += [f"{name}.grad = {torch_text(result.grads[name])}" for name in formula.variables]
    return "\n".join(lines)


def graph_json(graph: Graph) -> dict[str, Any]:
    """The graph for scripts: nodes, edges in the direction gradients flow, the engine's order."""
    return {
        "nodes": [
            {"id": n.id, "op": n.op, "value": json_number(n.value), "grad": json_number(n.grad), "variable": n.variable}
            for n in graph.nodes
        ],
        "edges": [{"from": e.source, "to": e.target, "grad": json_number(e.grad)} for e in graph.edges],
        "backward_order": list(graph.backward_order),
    }


def as_json(formula: Formula, result: Result, graph: Graph, symbolic: Symbolic) -> dict[str, Any]:
    return {
        "formula": canonical(formula),
        "value": json_number(result.value),
        "gradient": {name: json_number(result.grads[name]) for name in formula.variables},
        "derivative": {
            name: (symbolic.partials[name].text if symbolic.ok else None) for name in formula.variables
        },
        "dot": to_dot(graph),
        "graph": graph_json(graph),
    }
