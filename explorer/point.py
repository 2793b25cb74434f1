"""Values of variables given as text: constant expressions in the formula language."""

from __future__ import annotations

import math

from .build import forward
from .parse import FormulaError, parse


def constant_value(text: str) -> float:
    """`pi/2` -> 1.5707963267948966; a formula with variables is an error."""
    formula = parse(text)
    if formula.variables:
        raise FormulaError("value.variable", 0, hint="hint.value_numbers", params={"name": repr(formula.variables[0])})
    value = forward(formula, {}, {}, "float64").output.item()
    if not math.isfinite(value):
        raise FormulaError("value.not_finite", 0, hint="hint.finite", params={"value": text.strip()})
    return value
