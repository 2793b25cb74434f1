"""Share links: every setting of a page as URL query parameters, and back, checked like typed input.

    ?formula=(x%2B2y)^2&x=1&y=2&y.grad=0&dtype=float64&x.from=-3&x.to=7&view=curve&lang=ja

Each page declares its settings once (`FORMULA_PAGE`, `LAB_PAGE`): the parameter's name, the
session-state key of the widget that holds it, and its kind. `read` turns a link into widget
values and names every parameter it could not use, in the same words as a typed mistake;
`write` turns the widgets' values into a link, leaving defaults out. Pure functions of plain
data: the page (ui/links.py) does the Streamlit part.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from explorer.formula.constants import constant_value
from explorer.formula.errors import FormulaError
from explorer.formula.forward import DTYPES
from explorer.formula.parser import MAX_LENGTH
from explorer.formula.vocabulary import is_variable
from explorer.i18n import LANGUAGES, Message, Mistake, t

VARIABLE = "{v}"  # in a setting's parameter and key: one per variable of the formula
MAX_CODE = 20_000  # characters of a snippet in a link (the interpreter's own limit)
MAX_PACKED = 12_000  # characters of the compressed snippet in the URL
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,40}")


def pack(source: str) -> str:
    """A snippet as URL-safe text: zlib, then base64 without padding."""
    return base64.urlsafe_b64encode(zlib.compress(source.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def unpack(text: str) -> str:
    """The snippet a link carries, never inflated past MAX_CODE characters (no zip bombs)."""
    if len(text) > MAX_PACKED or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise _Refused("link.code", limit=MAX_CODE)
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, 4 * MAX_CODE + 1)
        if len(raw) > 4 * MAX_CODE or inflater.unconsumed_tail:
            raise _Refused("link.code", limit=MAX_CODE)
        source = raw.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        raise _Refused("link.code", limit=MAX_CODE) from None
    if len(source) > MAX_CODE:
        raise _Refused("link.code", limit=MAX_CODE)
    return source


@dataclass(frozen=True)
class Setting:
    param: str  # the URL parameter ("x.grad" is VARIABLE + ".grad" for the variable x)
    key: str  # the session-state key of the widget that holds it ("grad:{v}")
    kind: str  # "text", "number", "flag", "choice", "count", "variable", "name" (a Python name) or "code"
    default: object = None  # left out of links; None: always written when set
    options: tuple = ()  # the choices of a "choice", or (lowest, highest) of a "count"

    def parse(self, text: str) -> object:
        """The parameter's text as the widget's value; FormulaError or LinkProblem-worthy ValueError."""
        if self.kind == "text":
            if len(text) > 2 * MAX_LENGTH:
                raise _Refused("link.too_long", limit=2 * MAX_LENGTH)
            return text  # a formula: parsed, and reported, like typed text
        if self.kind == "number":
            return constant_value(text)
        if self.kind == "flag":
            if text not in ("0", "1", "true", "false"):
                raise _Refused("link.one_or_zero")
            return text in ("1", "true")
        if self.kind == "choice":
            if text not in self.options:
                raise _Refused("link.one_of", options=", ".join(self.options))
            return text
        if self.kind == "code":
            return unpack(text)
        if self.kind == "name":
            if not _IDENTIFIER.fullmatch(text):
                raise _Refused("link.name")
            return text
        if self.kind == "count":
            lo, hi = self.options
            if not re.fullmatch(r"\d{1,6}", text) or not lo <= int(text) <= hi:
                raise _Refused("link.count", lowest=lo, highest=hi)
            return int(text)
        if not is_variable(text):
            raise _Refused("link.variable")
        return text

    def text(self, value: object) -> str:
        if self.kind == "code":
            return pack(str(value))
        if self.kind == "flag":
            return "1" if value else "0"
        if self.kind == "number":
            return repr(float(value))  # type: ignore[arg-type]
        return str(value)


class _Refused(Mistake):
    def __init__(self, code: str, **params: object):
        self.code, self.params = code, params
        super().__init__(Message(code, params))


def _variable_setting(param: str, key: str, kind: str, default: object = None) -> Setting:
    return Setting(VARIABLE + param, key.replace("{}", VARIABLE), kind, default)


LANGUAGE = Setting("lang", "lang", "choice", "en", LANGUAGES)  # every page's

FORMULA_PAGE: tuple[Setting, ...] = (
    Setting("formula", "formula", "text"),
    LANGUAGE,
    Setting("dtype", "dtype", "choice", "float32", tuple(DTYPES)),
    _variable_setting("", "value:{}", "number"),
    _variable_setting(".grad", "grad:{}", "flag", True),
    _variable_setting(".from", "lo:{}", "number"),
    _variable_setting(".to", "hi:{}", "number"),
    _variable_setting(".dir", "dir:{}", "number", 1.0),
    Setting("script", "code_open", "flag", False),
    Setting("numbers", "numbers", "flag", True),
    Setting("saved", "saved", "flag", False),
    Setting("legend", "legend_open", "flag", False),
    Setting("walk", "walk", "flag", False),
    Setting("step", "step", "count", 0, (0, 10_000)),
    Setting("view", "plot_kind", "choice", None, ("map", "curve")),
    Setting("along", "plot_var", "variable"),
    Setting("second", "second", "flag", False),
    Setting("across", "map_x", "variable"),
    Setting("up", "map_y", "variable"),
    Setting("3d", "three_d", "flag", False),
    Setting("tab", "beyond_tab", "choice", "hessian", ("hessian", "modes", "again")),
    Setting("hessian", "hess_var", "variable"),
    Setting("calls", "again", "count", 1, (1, 50)),
)

LAB_PAGE: tuple[Setting, ...] = (
    LANGUAGE,
    Setting("seed", "lab_seed", "number", 0.0),
    Setting("batch", "lab_batch", "number", 5.0),
    Setting("inputs", "lab_inputs", "number", 3.0),
    Setting("outputs", "lab_outputs", "number", 2.0),
    Setting("lr", "lab_lr", "number", 0.01),
    Setting("optimizer", "lab_optimizer", "choice", "sgd", ("sgd", "momentum", "adam")),
    Setting("steps", "lab_steps", "number", 20.0),
    Setting("forget", "lab_forget", "flag", False),
    Setting("freeze", "lab_freeze", "flag", False),
    Setting("node", "lab_node", "text"),
)


CODE_PAGE: tuple[Setting, ...] = (
    Setting("code", "code_source", "code"),
    LANGUAGE,
    Setting("graph", "code_graph_of", "name"),
    Setting("numbers", "code_numbers", "flag", True),
    Setting("saved", "code_saved", "flag", False),
    Setting("legend", "code_legend_open", "flag", False),
    Setting("walk", "code_walk", "flag", False),
    Setting("step", "code_step", "count", 0, (0, 10_000)),
    Setting("node", "code_node", "text"),
)


@dataclass(frozen=True)
class LinkProblem:
    """One part of a link that could not be used: which parameter, and why.

    `message` is the English; `code` and `params` (a catalog key of `explorer.i18n`), or the
    `error` of a value that did not parse, say the same in another language: `said`, a Message."""

    parameter: str
    message: str
    code: str | None = field(default=None, compare=False, repr=False)
    params: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    error: FormulaError | None = field(default=None, compare=False, repr=False)

    @property
    def said(self) -> Message:
        """What to tell the user, in any language."""
        if self.error is not None:
            return self.error.said
        return Message(self.code, self.params) if self.code else Message(None, {}, self.message)


def _match(param: str, settings: Iterable[Setting]) -> tuple[Setting, str | None] | None:
    """The setting a parameter belongs to, and the variable it names (for per-variable settings)."""
    for setting in settings:
        if VARIABLE not in setting.param:
            if param == setting.param:
                return setting, None
            continue
        suffix = setting.param.removeprefix(VARIABLE)
        name = param[: len(param) - len(suffix)] if suffix else param
        if (not suffix or param.endswith(suffix)) and is_variable(name):
            return setting, name
    return None


def read(params: Mapping[str, str], settings: Iterable[Setting] = FORMULA_PAGE) -> tuple[dict, list[LinkProblem]]:
    """A link's parameters -> {session-state key: widget value}, and what was wrong with any of them."""
    settings = tuple(settings)
    values: dict[str, object] = {}
    problems: list[LinkProblem] = []
    for param, text in params.items():
        found = _match(param, settings)
        if found is None:
            problems.append(LinkProblem(param[:40], t("link.unknown"), "link.unknown"))
            continue
        setting, name = found
        try:
            value = setting.parse(text)
        except FormulaError as exc:
            problems.append(LinkProblem(param, str(exc), error=exc))
            continue
        except _Refused as exc:
            problems.append(LinkProblem(param, str(exc), exc.code, exc.params))
            continue
        values[setting.key.replace(VARIABLE, name) if name else setting.key] = value
    return values, problems


def write(
    state: Mapping[str, object], variables: Iterable[str] = (), settings: Iterable[Setting] = FORMULA_PAGE
) -> dict[str, str]:
    """The widgets' values (session state) -> query parameters, in the settings' order; defaults left out.
    Per-variable settings are written for `variables` only (the formula's, not every name ever typed)."""
    params: dict[str, str] = {}
    names = tuple(variables)
    for setting in settings:
        for name in names if VARIABLE in setting.param else (None,):
            key = setting.key.replace(VARIABLE, name) if name else setting.key
            value = state.get(key)
            if value is None or value == setting.default:
                continue
            params[setting.param.replace(VARIABLE, name) if name else setting.param] = setting.text(value)
    return params
