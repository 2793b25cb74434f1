"""The formula language's names, and what to say when someone writes a name or character it lacks.

A hint must be right or absent: `cot(x)` is not the product c·o·t·x, it is a function the
language does not have, so the hint names the nearest thing it does have (`1/tan(x)`), with the
user's own argument filled in. Each hint is a catalog key of `explorer.i18n` and its parameters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

FUNCTIONS = (  # noqa: SIM905 (one readable line)
    "sin cos tan asin acos atan sinh cosh tanh exp log ln log2 log10 sqrt abs "
    "sigmoid relu softplus"
).split()
CONSTANTS = ("pi", "e")

Hint = tuple[str, Mapping[str, object]]  # a catalog key of explorer.i18n and its parameters

# Functions people write that the language lacks, as a formula it has: {x}, {c} are the first and
# second argument as written; {X}, {C} the same in parentheses unless they are a single number or name.
_ASINH, _ACOSH = "log({x} + sqrt({X}^2 + 1))", "log({x} + sqrt({X}^2 - 1))"
_ATANH = "log((1 + {x})/(1 - {X}))/2"
INSTEAD: dict[str, str] = {
    "cot": "1/tan({x})", "sec": "1/cos({x})", "csc": "1/sin({x})", "cosec": "1/sin({x})",
    "arcsin": "asin({x})", "arccos": "acos({x})", "arctan": "atan({x})",
    "asinh": _ASINH, "arsinh": _ASINH, "arcsinh": _ASINH, "acosh": _ACOSH, "arcosh": _ACOSH, "arccosh": _ACOSH,
    "atanh": _ATANH, "artanh": _ATANH, "arctanh": _ATANH,
    "log1p": "log(1 + {x})", "expm1": "exp({x}) - 1", "exp2": "2^{X}",
    "sqr": "{X}^2", "square": "{X}^2", "pow": "{X}^{C}", "power": "{X}^{C}",
    "silu": "{X} sigmoid({x})", "swish": "{X} sigmoid({x})",
    "softsign": "{X}/(1 + abs({x}))", "max": "{C} + relu({x} - {C})", "min": "{C} - relu({C} - {X})",
}  # fmt: skip
# Names with no formula of their own here (cbrt: x^(1/3) is nan for x < 0; sign: x/abs(x) is nan at 0).
NOT_IN_LANGUAGE = (
    "floor", "ceil", "round", "trunc", "mod", "gamma", "lgamma", "erf", "erfc", "factorial", "atan2", "hypot",
    "clamp", "clip", "sinc", "gelu", "elu", "selu", "heaviside", "sum", "mean", "cbrt", "sign", "sgn",
)  # fmt: skip
NOT_FINITE = ("inf", "infinity", "nan")

_PLACEHOLDERS = ("x", "c")  # an argument the user did not write yet
_ATOM = re.compile(r"\d+\.?\d*|\.\d+|[A-Za-z][A-Za-z0-9]*(\([^()]*\))?")  # 2.5, x1, pi, sin(x): no ( ) needed


def is_variable(name: str) -> bool:
    """One ASCII letter other than e and E (Euler's number, in either case), optionally digits."""
    return re.fullmatch(r"[A-Za-z]\d*", name) is not None and name[0] not in "eE"


def split_variables(name: str) -> list[str] | None:
    """'xy' -> ['x', 'y'] when a name is several one-letter variables run together."""
    parts = re.findall(r"[A-Za-z]\d*", name)
    if "".join(parts) != name or not all(is_variable(p) for p in parts):
        return None
    return parts


def call_arguments(text: str, start: int) -> list[str] | None:
    """The arguments of `name(...)` when text[start] is its '(': top-level commas split them."""
    if start >= len(text) or text[start] != "(":
        return None
    depth, parts, begin = 0, [], start + 1
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return [*parts, text[begin:i].strip()]
        elif text[i] == "," and depth == 1:
            parts.append(text[begin:i].strip())
            begin = i + 1
    return None  # never closed: the parser will say so once the name is fixed


def _arguments(arguments: list[str] | None) -> tuple[str, str]:
    given = [a for a in (arguments or []) if a][:2]
    x, c = [*given, *_PLACEHOLDERS[len(given) :]]
    return x, c


def _instead(name: str, arguments: list[str] | None) -> str:
    x, c = _arguments(arguments)
    X, C = (a if _ATOM.fullmatch(a) else f"({a})" for a in (x, c))  # noqa: N806 (the templates' names)
    return INSTEAD[name].format(x=x, c=c, X=X, C=C)


def name_hint(name: str, arguments: list[str] | None = None) -> Hint:
    """What to write instead of an unknown name; `arguments` are what followed it in parentheses."""
    lowered = name.lower()
    if lowered in INSTEAD or lowered in NOT_IN_LANGUAGE or lowered in NOT_FINITE:
        if lowered in ("max", "min"):
            call = f"{lowered}({', '.join(_arguments(arguments))})"
            key = "hint.max" if lowered == "max" else "hint.min"
            return key, {"call": call, "instead": _instead(lowered, arguments)}
        if lowered in INSTEAD:
            return "hint.instead", {"name": name, "instead": _instead(lowered, arguments)}
        if lowered in NOT_FINITE:
            return "hint.no_infinity", {"name": name}
        return "hint.not_in_language", {"name": name, "functions": ", ".join(FUNCTIONS)}
    for func in sorted(FUNCTIONS, key=len, reverse=True):
        rest = name[len(func) :]
        if name.startswith(func) and rest and (is_variable(rest) or rest in CONSTANTS):
            return "hint.did_you_mean", {"func": func, "rest": rest}
    for alias in sorted(INSTEAD, key=len, reverse=True):
        rest = name[len(alias) :]
        if name.startswith(alias) and rest and (is_variable(rest) or rest in CONSTANTS):
            return "hint.instead", {"name": alias, "instead": _instead(alias, [rest])}
    if lowered != name and (lowered in FUNCTIONS or lowered in CONSTANTS):
        return "hint.lower_case", {"name": lowered}
    for func in FUNCTIONS:
        prefix = split_variables(name[: -len(func)]) if name.endswith(func) and name != func else None
        if prefix:
            return "hint.product_call", {"product": "*".join(prefix), "func": func}
    parts = split_variables(name)
    if parts and len(parts) > 1:
        return "hint.product", {"product": "*".join(parts), "spaced": " ".join(parts)}
    return "hint.names", {"functions": ", ".join(FUNCTIONS)}


def character_hint(text: str, i: int) -> str:
    """The catalog key of the hint for text[i], a character the formula language does not have."""
    ch = text[i]
    if ch in "[]{}":
        return "hint.round_parentheses"
    if ch == "!" and not text.startswith("!=", i):
        return "hint.factorial"
    if ch in "=<>!":
        return "hint.not_equation"
    if ch in "'\"`":
        return "hint.no_quotes"
    if ch.isspace() or unicodedata.category(ch) == "Cf":
        return "hint.plain_space"
    if ch.isalpha() or ch.isdigit():
        return "hint.ascii"
    return "hint.language"
