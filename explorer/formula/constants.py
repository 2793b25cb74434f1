"""Values of variables given as text: constant expressions in the formula language."""

from __future__ import annotations

import math

from explorer.formula.errors import FormulaError
from explorer.formula.forward import forward
from explorer.formula.parser import parse
from explorer.formula.vocabulary import NOT_FINITE


def constant_value(text: str) -> float:
    """`pi/2` -> 1.5707963267948966; anything but a finite constant is an error that says so."""
    try:
        formula = parse(text)
    except FormulaError as exc:
        name = exc.params.get("name") if exc.code == "parse.unknown_name" else None
        if name is None:
            raise
        if str(name).lower() in NOT_FINITE:  # a value is never inf or nan, however it is spelled
            raise FormulaError("value.not_finite", exc.start, exc.end, hint="hint.finite",
                               params={"value": name}) from None  # fmt: skip
        raise FormulaError("value.not_number", exc.start, exc.end, hint="hint.value_numbers",
                           params={"value": repr(str(name))}) from None  # fmt: skip
    if formula.variables:
        raise FormulaError("value.variable", 0, hint="hint.value_numbers", params={"name": repr(formula.variables[0])})
    value = forward(formula, {}, {}, "float64").output.item()
    if not math.isfinite(value):
        raise FormulaError("value.not_finite", 0, hint="hint.finite", params={"value": text.strip()})
    return value
