"""The formula door's one call: a formula at a point -> one record of its run (the forward pass, the watched
backward, the graph, and what explains a nan or a corner), and SymPy's exact derivatives compared with it.

The formula page, the CLI and the tests each run a formula with `run()`, as the code page runs a snippet with
`explorer.snippet.run`; they lay out what the record holds and compute nothing of their own. SymPy is slow
(up to 1.5 s), so its comparison is a second call (`compared`) that a page makes last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from explorer.formula.compare import Check, check
from explorer.formula.explain import Finding, explain
from explorer.formula.expression import expression
from explorer.formula.forward import Computation, Result, forward, trace
from explorer.formula.parser import parse
from explorer.formula.printing import canonical
from explorer.formula.report import output_name, printout
from explorer.formula.symbolic import Symbolic, evaluate
from explorer.formula.tree import Formula
from explorer.traced.expression import Expression
from explorer.traced.graph import Graph


@dataclass(frozen=True)
class Comparison:
    """One variable's partial derivative: SymPy's expression and exact value, autograd's, and the verdict."""

    name: str
    latex: str | None  # None: too long to show
    exact: float | complex | None
    autograd: float | None  # None: the variable has no .grad (requires_grad off)
    check: Check


@dataclass(frozen=True)
class FormulaRun:
    formula: Formula
    point: dict[str, float]
    grads: dict[str, bool]
    dtype: str
    computation: Computation
    result: Result
    graph: Graph
    findings: list[Finding]  # where a nan or inf was born, or where autograd picked a slope at a corner

    @property
    def text(self) -> str:
        """The formula as canonical text (every product explicit): what identifies it."""
        return canonical(self.formula)

    @property
    def expression(self) -> Expression:
        """The parsed tree with the value the forward pass gave each part, as the drawing reads it."""
        return expression(self.formula, self.computation.values)

    @property
    def output(self) -> str:
        """What the result is called: y, or z when y is an input."""
        return output_name(self.formula)

    def printout(self) -> str:
        """What the tutorial's prints show: `y = tensor(...)`, then `NAME.grad = ...` lines."""
        return printout(self.formula, self.result, self.output)

    def non_finite(self) -> list[tuple[str, float]]:
        """The printed numbers that are nan or inf, by the name they are printed under."""
        numbers = [(self.output, self.result.value.item())]
        numbers += [(f"{n}.grad", g.item()) for n, g in self.result.grads.items() if g is not None]
        return [(label, value) for label, value in numbers if value != value or value in (float("inf"), -float("inf"))]

    def compared(self, symbolic: Symbolic) -> list[Comparison]:
        """SymPy's derivative of every variable next to autograd's .grad (empty when SymPy gave up)."""
        if not symbolic.ok:
            return []
        found = []
        for name in self.formula.variables:
            partial = symbolic.partials[name]
            exact = evaluate(partial.expr, self.point)
            grad = self.result.grads[name]
            auto = None if grad is None else grad.item()
            found.append(Comparison(name, partial.latex or None, exact, auto, check(auto, exact, self.dtype)))
        return found


def run(formula: Formula | str, point: Mapping[str, float], grads: Mapping[str, bool] | None = None,
        dtype: str = "float32") -> FormulaRun:  # fmt: skip
    """Parse (when given text), run forward and backward at `point`, and record it all."""
    formula = parse(formula) if isinstance(formula, str) else formula
    grads = {n: True for n in formula.variables} | dict(grads or {})
    computation = forward(formula, point, grads, dtype)
    result, graph = trace(computation)
    return FormulaRun(formula, dict(point), grads, dtype, computation, result, graph,
                      explain(computation, graph, dtype))  # fmt: skip
