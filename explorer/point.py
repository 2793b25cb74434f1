"""Values of variables given as text: constant expressions in the formula language."""

from __future__ import annotations

import math

from .build import forward
from .parse import FormulaError, parse


def constant_value(text: str) -> float:
    """`pi/2` -> 1.5707963267948966; a formula with variables is an error."""
    formula = parse(text)
    if formula.variables:
        raise FormulaError(
            f"a value cannot contain the variable {formula.variables[0]!r}", 0, hint="use numbers, pi and e"
        )
    value = forward(formula, {}, {}, "float64").output.item()
    if not math.isfinite(value):
        raise FormulaError(f"the value {text.strip()} is not a finite number", 0, hint="use a finite number")
    return value
