"""A setting's kinds: how one URL parameter's text becomes a widget's value and back, checked like typed input;
the snippet's codec (zlib, then URL-safe base64, never inflated past its limit)."""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from dataclasses import dataclass

from explorer.formula.constants import constant_value
from explorer.formula.parser import MAX_LENGTH
from explorer.formula.vocabulary import is_variable
from explorer.i18n import Message, Mistake

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
        raise Refused("link.code", limit=MAX_CODE)
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, 4 * MAX_CODE + 1)
        if len(raw) > 4 * MAX_CODE or inflater.unconsumed_tail:
            raise Refused("link.code", limit=MAX_CODE)
        source = raw.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        raise Refused("link.code", limit=MAX_CODE) from None
    if len(source) > MAX_CODE:
        raise Refused("link.code", limit=MAX_CODE)
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
                raise Refused("link.too_long", limit=2 * MAX_LENGTH)
            return text  # a formula: parsed, and reported, like typed text
        if self.kind == "number":
            return constant_value(text)
        if self.kind == "flag":
            if text not in ("0", "1", "true", "false"):
                raise Refused("link.one_or_zero")
            return text in ("1", "true")
        if self.kind == "choice":
            if text not in self.options:
                raise Refused("link.one_of", options=", ".join(self.options))
            return text
        if self.kind == "code":
            return unpack(text)
        if self.kind == "name":
            if not _IDENTIFIER.fullmatch(text):
                raise Refused("link.name")
            return text
        if self.kind == "count":
            lo, hi = self.options
            if not re.fullmatch(r"\d{1,6}", text) or not lo <= int(text) <= hi:
                raise Refused("link.count", lowest=lo, highest=hi)
            return int(text)
        if not is_variable(text):
            raise Refused("link.variable")
        return text

    def text(self, value: object) -> str:
        if self.kind == "code":
            return pack(str(value))
        if self.kind == "flag":
            return "1" if value else "0"
        if self.kind == "number":
            return repr(float(value))  # type: ignore[arg-type]
        return str(value)


class Refused(Mistake):
    def __init__(self, code: str, **params: object):
        self.code, self.params = code, params
        super().__init__(Message(code, params))
