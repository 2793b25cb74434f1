"""Every sentence the app shows, one catalog file per language, and `t()` to pick one.

`en.toml` is the reference; each other `LANG.toml` next to it has the same keys and the same
`{placeholders}` (tests/test_i18n.py checks), so adding a language is adding a file. A value is a
`str.format` template; numbers are formatted by the caller and passed in as text.

English is the reference: the exceptions (`FormulaError`, `LabError`, share-link problems)
build their `str()` from the English templates, so their English text is the catalog's.
Code stays code in every language: tensor, grad, backward(), requires_grad, AccumulateGrad,
zero_grad(), optimizer.step() are written as PyTorch spells them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources

DEFAULT_LANGUAGE = "en"


def _catalog(lang: str) -> dict[str, str]:
    return tomllib.loads(resources.files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8"))


_FILES = sorted(f.name[: -len(".toml")] for f in resources.files(__package__).iterdir() if f.name.endswith(".toml"))
LANGUAGES: tuple[str, ...] = (DEFAULT_LANGUAGE, *(lang for lang in _FILES if lang != DEFAULT_LANGUAGE))
MESSAGES: dict[str, dict[str, str]] = {lang: _catalog(lang) for lang in LANGUAGES}
EN = MESSAGES[DEFAULT_LANGUAGE]
LANGUAGE_NAMES = {lang: MESSAGES[lang]["language.self"] for lang in LANGUAGES}  # each in its own words


def language(lang: object) -> str:
    """`lang` if it is a known language, else the default (English)."""
    return lang if isinstance(lang, str) and lang in MESSAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message `key` in `lang` (English for an unknown language), with `params` filled in.

    A missing key is a programming error and raises KeyError; tests/test_i18n.py checks that
    every key the code uses exists in every language."""
    return MESSAGES[language(lang)][key].format(**params)


@dataclass(frozen=True)
class Message:
    """The one type of every sentence said to a user (a formula's mistake, a lab setting out of bounds, a refused
    snippet, a link's problem, a preset's label): a catalog key with its params, a param being a Message itself
    when it is a sentence too; or, for text that is no catalog key, that text as it is, the same in every
    language."""

    key: str | None
    params: Mapping[str, object] = field(default_factory=dict)
    plain: str = ""

    @staticmethod
    def of(text: str, **params: object) -> Message:
        """A catalog key with its params, or plain text when `text` is no key."""
        return Message(text, params) if text in EN else Message(None, {}, text)

    def say(self, lang: str = DEFAULT_LANGUAGE) -> str:
        if self.key is None:
            return self.plain
        params = {k: v.say(lang) if isinstance(v, Message) else v for k, v in self.params.items()}
        return t(self.key, lang, **params)


class Mistake(ValueError):
    """Every user-facing error: one Message; `str()` is its English, `localized(lang)` the same in `lang`."""

    def __init__(self, said: Message):
        self.said = said
        super().__init__(said.say())

    def localized(self, lang: str) -> str:
        return self.said.say(lang)
