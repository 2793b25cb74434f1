"""Autograd's number next to SymPy's exact one: do they agree, and if not, why not.

One rule for every comparison on the page (first derivatives and the Hessian alike): finite
numbers agree within the dtype's tolerance; the same infinity, or nan on both sides, agree;
a finite number never agrees with a non-finite one. Nothing compared is never "agrees".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TOLERANCE = {"float32": 1e-4, "float64": 1e-9}
ROUNDING = {"float32": "compare.rounding_float32", "float64": "compare.rounding_float64"}  # why finite numbers differ
BADGES = {"agrees": "badge.agrees", "differs": "badge.differs"}  # catalog keys of the verdicts' badges


@dataclass(frozen=True)
class Check:
    verdict: str  # "agrees", "differs" or "not_compared"
    reason: str | None = None  # catalog key: why they differ, or why nothing was compared


def check(auto: float | None, exact: float | complex | None, dtype: str) -> Check:
    """Autograd's value (None: no .grad) against SymPy's (complex: not real; None: SymPy gave up)."""
    if auto is None:
        return Check("not_compared", "compare.no_grad")
    if exact is None:
        return Check("not_compared", "compare.no_exact")
    if isinstance(exact, complex):
        return Check("not_compared", "compare.not_real")
    tolerance = TOLERANCE[dtype]
    if math.isfinite(auto) and math.isfinite(exact):
        agree = math.isclose(auto, exact, rel_tol=tolerance, abs_tol=tolerance)
        return Check("agrees") if agree else Check("differs", ROUNDING[dtype])
    if (math.isnan(auto) and math.isnan(exact)) or auto == exact:  # the same infinity, or undefined on both sides
        return Check("agrees")
    if not math.isfinite(auto) and math.isfinite(exact):
        return Check("differs", "compare.autograd_not_finite")
    if math.isfinite(auto):
        return Check("differs", "compare.exact_not_finite")
    return Check("differs", "compare.both_not_finite")


def relative_difference(auto: float, exact: float) -> float:
    return abs(auto - exact) / max(1.0, abs(exact))


@dataclass(frozen=True)
class Summary:
    """Many checks at once (a Hessian's entries)."""

    verdict: str  # "agrees" only when something was compared and all of it agreed
    compared: int
    agreeing: int
    worst: float | None  # the largest relative difference among entries finite on both sides
    reasons: tuple[str, ...]  # why entries differ, each reason once


def summarize(pairs: list[tuple[float | None, float | complex | None]], dtype: str) -> Summary:
    checks = [check(auto, exact, dtype) for auto, exact in pairs]
    compared = [c for c in checks if c.verdict != "not_compared"]
    agreeing = sum(c.verdict == "agrees" for c in compared)
    finite = [relative_difference(a, e) for a, e in pairs
              if a is not None and isinstance(e, float) and math.isfinite(a) and math.isfinite(e)]  # fmt: skip
    verdict = "not_compared" if not compared else "agrees" if agreeing == len(compared) else "differs"
    reasons = tuple(dict.fromkeys(c.reason for c in compared if c.reason))
    return Summary(verdict, len(compared), agreeing, max(finite, default=None), reasons)


def latex_number(value: float, digits: int = 6) -> str:
    """A number as LaTeX: `\\infty`, not the italic product i·n·f; 1e+184 as 1 \\cdot 10^{184}."""
    if math.isnan(value):
        return r"\mathrm{nan}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return text
