"""The one exception a formula's text can raise: what is wrong, where, and what to write instead."""

from __future__ import annotations

from collections.abc import Mapping

from explorer.formula.vocabulary import Hint
from explorer.i18n import MESSAGES, Message, Mistake, t


class FormulaError(Mistake):
    """A mistake in a formula: what is wrong, where, and what to write instead.

    `message` and `hint` are either catalog keys of `explorer.i18n` (with `params`, and a hint
    as a key or a `(key, params)` pair), so that its Message (`said`) can be said in any language,
    or plain English text as before. `str()`, `.message` and `.hint` are always the English."""

    def __init__(
        self,
        message: str,
        start: int = 0,
        end: int | None = None,
        hint: str | Hint = "",
        *,
        params: Mapping[str, object] | None = None,
    ):
        self.code, self.params = (message, dict(params or {})) if message in MESSAGES["en"] else (None, {})
        if isinstance(hint, tuple):
            self.hint_code, self.hint_params = hint[0], dict(hint[1])
        elif hint in MESSAGES["en"]:
            self.hint_code, self.hint_params = hint, {}
        else:
            self.hint_code, self.hint_params = None, {}
        self.message = t(self.code, **self.params) if self.code else message
        self.start = start
        self.end = start + 1 if end is None else end
        self.hint = t(self.hint_code, **self.hint_params) if self.hint_code else str(hint)
        what = Message(self.code, self.params) if self.code else Message(None, {}, message)
        said = Message("error.at_column", {"message": what, "column": self.start + 1})
        if self.hint:  # what is wrong, the column, and the hint
            said = Message("error.with_hint", {"text": said, "hint": Message(self.hint_code, self.hint_params)
                                               if self.hint_code else Message(None, {}, self.hint)})  # fmt: skip
        super().__init__(said)
