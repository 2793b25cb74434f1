"""autodiff-explorer's pipeline: parse -> build (torch + SymPy) -> graph -> plots."""

from .build import Computation, Result, forward, run, torch_text
from .draw import legend_dot, to_dot
from .draw_tree import expression_dot
from .figures import curve_figure, slices_figure, surface_figure
from .formula_error import FormulaError
from .graph import Graph, GraphEdge, GraphNode, Step, autograd_graph, trace, traced_backward
from .parse import parse
from .plots import Curve, Surface, curve, surface
from .printing import canonical, to_latex
from .symbolic import Symbolic, derive, symbolic, to_sympy
from .tree import Formula

__all__ = [
    "autograd_graph", "canonical", "Computation", "curve", "Curve", "curve_figure", "derive", "expression_dot",
    "Formula", "FormulaError", "forward", "Graph", "GraphEdge", "GraphNode", "legend_dot", "parse", "Result",
    "run", "slices_figure", "Step", "surface", "Surface", "surface_figure", "symbolic", "Symbolic", "to_dot",
    "to_latex", "to_sympy", "torch_text", "trace", "traced_backward",
]  # fmt: skip
