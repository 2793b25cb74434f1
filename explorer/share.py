"""Share links: the page's state as URL query parameters, and back, checked like typed input.

    ?formula=(x%2B2y)^2&x=1&y=2&y.grad=0&dtype=float64&x.from=-3&x.to=7&view=curve&lang=ja

Pure functions between a plain dict of strings (what `st.query_params` holds) and a plain
`ViewState`. Values go through the formula parser (`x=pi/2` works); anything wrong is
reported in the same words as a typed mistake, and the rest of the link still applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .build import DTYPES
from .i18n import LANGUAGES, t
from .parse import MAX_LENGTH, FormulaError
from .point import constant_value

VIEWS = ("curve", "map")
_NAME = r"[A-Za-z]\d*"


@dataclass
class ViewState:
    formula: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    grads: dict[str, bool] = field(default_factory=dict)
    dtype: str | None = None
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    view: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class LinkProblem:
    """One part of a link that could not be used: which parameter, and why.

    `message` is the English; `code` and `params` (a catalog key of `explorer.i18n`), or the
    `error` of a value that did not parse, say the same in another language: `localized(lang)`."""

    parameter: str
    message: str
    code: str | None = field(default=None, compare=False, repr=False)
    params: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    error: FormulaError | None = field(default=None, compare=False, repr=False)

    def localized(self, lang: str) -> str:
        if self.error is not None:
            return self.error.localized(lang)
        return t(self.code, lang, **self.params) if self.code else self.message


def _problem(parameter: str, code: str, **params: object) -> LinkProblem:
    return LinkProblem(parameter, t(code, **params), code, params)


def _number(parameter: str, text: str, problems: list[LinkProblem]) -> float | None:
    try:
        return constant_value(text)
    except FormulaError as exc:
        problems.append(LinkProblem(parameter, str(exc), error=exc))
        return None


def read(params: Mapping[str, str]) -> tuple[ViewState, list[LinkProblem]]:
    """A link's parameters -> the state they describe, and what was wrong with any of them."""
    state, problems = ViewState(), []
    for key, text in params.items():
        if key == "formula":
            if len(text) > 2 * MAX_LENGTH:
                problems.append(_problem(key, "link.too_long", limit=2 * MAX_LENGTH))
            else:
                state.formula = text  # parsed, and reported, like typed text
        elif key == "dtype":
            if text in DTYPES:
                state.dtype = text
            else:
                problems.append(_problem(key, "link.one_of", options=", ".join(DTYPES)))
        elif key == "view":
            if text in VIEWS:
                state.view = text
            else:
                problems.append(_problem(key, "link.one_of", options=", ".join(VIEWS)))
        elif key == "lang":
            if text in LANGUAGES:
                state.lang = text
            else:
                problems.append(_problem(key, "link.one_of", options=", ".join(LANGUAGES)))
        elif re.fullmatch(_NAME, key) and key[0] != "e":
            value = _number(key, text, problems)
            if value is not None:
                state.values[key] = value
        elif m := re.fullmatch(rf"({_NAME})\.grad", key):
            if text in ("0", "1", "true", "false"):
                state.grads[m.group(1)] = text in ("1", "true")
            else:
                problems.append(_problem(key, "link.one_or_zero"))
        elif m := re.fullmatch(rf"({_NAME})\.(from|to)", key):
            value = _number(key, text, problems)
            if value is not None:
                lo, hi = state.ranges.get(m.group(1), (None, None))
                state.ranges[m.group(1)] = (value, hi) if m.group(2) == "from" else (lo, value)
        else:
            problems.append(_problem(key[:40], "link.unknown"))
    return state, problems


def write(state: ViewState) -> dict[str, str]:
    """The state -> query parameters; defaults are left out so links stay short."""
    params: dict[str, str] = {}
    if state.formula is not None:
        params["formula"] = state.formula
    for name, value in state.values.items():
        params[name] = repr(float(value))
        if not state.grads.get(name, True):
            params[f"{name}.grad"] = "0"
    if state.dtype and state.dtype != "float32":
        params["dtype"] = state.dtype
    for name, (lo, hi) in state.ranges.items():
        if lo is not None:
            params[f"{name}.from"] = repr(float(lo))
        if hi is not None:
            params[f"{name}.to"] = repr(float(hi))
    if state.view:
        params["view"] = state.view
    if state.lang and state.lang != "en":
        params["lang"] = state.lang
    return params
