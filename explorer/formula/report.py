"""Plain values for people and scripts: the printout and the JSON of one evaluation."""

from __future__ import annotations

from typing import Any

from explorer.draw.dot import to_dot
from explorer.formula.forward import Result, torch_text
from explorer.formula.printing import canonical
from explorer.formula.symbolic import Symbolic
from explorer.formula.tree import Formula
from explorer.traced.graph import Graph
from explorer.traced.wire import graph_json, number


def output_name(formula: Formula) -> str:
    """What to call the result: y, or z when y is an input (as in the tutorial's example 6)."""
    return next(name for name in ("y", "z", "f", "out") if name not in formula.variables)


def printout(formula: Formula, result: Result, output: str = "y") -> str:
    """What the tutorial's prints show: `y = tensor(...)`, then `NAME.grad = ...` lines."""
    lines = [f"{output} = {torch_text(result.value)}"]
    lines += [f"{name}.grad = {torch_text(result.grads[name])}" for name in formula.variables]
    return "\n".join(lines)


def as_json(formula: Formula, result: Result, graph: Graph, symbolic: Symbolic) -> dict[str, Any]:
    return {
        "formula": canonical(formula),
        "value": number(result.value),
        "gradient": {name: number(result.grads[name]) for name in formula.variables},
        "derivative": {
            name: (symbolic.partials[name].text if symbolic.ok else None) for name in formula.variables
        },
        "dot": to_dot(graph),
        "graph": graph_json(graph),
    }
