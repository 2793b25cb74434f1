"""autodiff-explorer's pipeline: parse -> build (torch + SymPy) -> graph -> plots."""

from .build import Computation, Result, forward, run, torch_text
from .graph import Graph, GraphEdge, GraphNode, autograd_graph, to_dot
from .parse import Formula, FormulaError, canonical, parse, to_latex
from .plots import Curve, curve, curve_figure
from .symbolic import Symbolic, derive, symbolic, to_sympy

__all__ = [
    "Computation", "Curve", "Formula", "FormulaError", "Graph", "GraphEdge", "GraphNode", "Result", "Symbolic",
    "autograd_graph", "canonical", "curve", "curve_figure", "derive", "forward", "parse", "run", "symbolic",
    "to_dot", "to_latex", "to_sympy", "torch_text",
]  # fmt: skip
