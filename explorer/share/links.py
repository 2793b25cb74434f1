"""Reading a link (widget values, and a LinkProblem for every parameter it could not use) and writing one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from explorer.formula.errors import FormulaError
from explorer.formula.vocabulary import is_variable
from explorer.i18n import Message, t
from explorer.share.pages import FORMULA_PAGE
from explorer.share.setting import VARIABLE, Refused, Setting


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
        except Refused as exc:
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
