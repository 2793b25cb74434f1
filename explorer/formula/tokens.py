"""The formula language's tokenizer: text -> tokens with their spans; pasted characters become ASCII."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from explorer.formula.errors import FormulaError
from explorer.formula.vocabulary import character_hint

# Characters people paste from documents, accepted as their ASCII twins. Each maps to
# the text it stands for; positions still point into the original text.
PASTED = {"π": "pi", "×": "*", "·": "*", "−": "-", "²": "^2", "³": "^3"}


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name", "op", "(", ")", ",", "end"
    text: str
    start: int
    end: int
    value: float = 0.0


_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SINGLE = {"+": "op", "-": "op", "*": "op", "/": "op", "^": "op", "(": "(", ")": ")", ",": ","}


def describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    shown = f"'{ch}' " if ch.isprintable() and not ch.isspace() else ""
    return f"{shown}(U+{ord(ch):04X}{' ' + name if name else ''})"


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; pasted characters become their ASCII twins."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t":
            i += 1
        elif ch in PASTED:
            for part in re.findall(r"\^|\*|-|pi|\d", PASTED[ch]):
                kind = "num" if part.isdigit() else ("name" if part == "pi" else "op")
                tokens.append(Token(kind, part, i, i + 1, float(part) if part.isdigit() else 0.0))
            i += 1
        elif text.startswith("**", i):
            tokens.append(Token("op", "^", i, i + 2))
            i += 2
        elif ch in _SINGLE:
            tokens.append(Token(_SINGLE[ch], ch, i, i + 1))
            i += 1
        elif ch.isascii() and (ch.isdigit() or ch == "."):
            m = _NUMBER.match(text, i)
            if m is None:
                raise FormulaError("parse.lone_dot", i, hint="hint.lone_dot")
            if m.end() < len(text) and text[m.end()] == "." and not m.group(2):
                raise FormulaError("parse.two_points", m.end(), hint="hint.two_points")
            if m.end() < len(text) and text[m.end()] == "." and m.group(2):  # 1e1.5 would read as 1e1 * .5
                raise FormulaError("parse.exponent_fraction", m.end(), hint="hint.exponent_fraction")
            value = float(m.group(0))
            if not math.isfinite(value):
                raise FormulaError(
                    "parse.number_too_large", i, m.end(), hint="hint.number_limit", params={"number": m.group(0)}
                )
            tokens.append(Token("num", m.group(0), i, m.end(), value))
            i = m.end()
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            m = _NAME.match(text, i)
            assert m is not None  # the first character matched
            tokens.append(Token("name", m.group(0), i, m.end()))
            i = m.end()
        else:
            raise FormulaError("parse.bad_character", i, hint=character_hint(text, i), params={"char": describe(ch)})
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens
