"""autodiff-explorer's pipeline: parse -> build (torch + SymPy) -> graph -> plots."""

from .build import Computation, Result, forward, run, torch_text
from .draw import expression_dot, legend_dot, to_dot
from .graph import Graph, GraphEdge, GraphNode, Step, autograd_graph, trace, traced_backward
from .parse import Formula, FormulaError, canonical, parse, to_latex
from .plots import Curve, curve, curve_figure
from .symbolic import Symbolic, derive, symbolic, to_sympy

__all__ = [
    "Computation", "Curve", "Formula", "FormulaError", "Graph", "GraphEdge", "GraphNode", "Result", "Step",
    "Symbolic", "autograd_graph", "canonical", "curve", "curve_figure", "derive", "expression_dot", "forward",
    "legend_dot", "parse", "run", "symbolic", "to_dot", "to_latex", "to_sympy", "torch_text", "trace",
    "traced_backward",
]  # fmt: skip
