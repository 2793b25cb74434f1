"""Stage 1 of the pipeline: formula text -> our own AST.

A tokenizer and a recursive-descent parser for the formula language documented in the
README. Nothing here (or anywhere else) evaluates user text: the parser only builds the
frozen dataclasses below, and every later stage walks them.

Everything a user can get wrong raises one exception type, `FormulaError`, which carries
the position (0-based, half-open span) and a hint on what to write instead.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import MESSAGES, t
from .vocabulary import CONSTANTS, FUNCTIONS, Hint, call_arguments, character_hint, is_variable, name_hint

# Limits, checked before any numeric or symbolic work. They keep every accepted formula
# small enough to draw, differentiate and plot quickly.
MAX_LENGTH = 1000  # characters of input
MAX_NESTING = 40  # parentheses, unary signs and exponents nested inside each other
MAX_NODES = 200  # numbers, names, operators and calls in the parsed formula
MAX_VARIABLES = 20  # distinct variables: each gets an input and a switch on the page

# Characters people paste from documents, accepted as their ASCII twins. Each maps to
# the text it stands for; positions still point into the original text.
PASTED = {"π": "pi", "×": "*", "·": "*", "−": "-", "²": "^2", "³": "^3"}



class FormulaError(ValueError):
    """A mistake in a formula: what is wrong, where, and what to write instead.

    `message` and `hint` are either catalog keys of `explorer.i18n` (with `params`, and a hint
    as a key or a `(key, params)` pair), so that `localized(lang)` can say it in any language,
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
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.localized("en")

    def localized(self, lang: str) -> str:
        """The whole message in `lang`: what is wrong, the column, and the hint."""
        message = t(self.code, lang, **self.params) if self.code else self.message
        hint = t(self.hint_code, lang, **self.hint_params) if self.hint_code else self.hint
        text = t("error.at_column", lang, message=message, column=self.start + 1)
        return t("error.with_hint", lang, text=text, hint=hint) if hint else text


# ---------------------------------------------------------------------------- the AST
Span = tuple[int, int]


@dataclass(frozen=True)
class Number:
    value: float
    span: Span = (0, 0)


@dataclass(frozen=True)
class Constant:
    name: str  # "pi" or "e"
    span: Span = (0, 0)


@dataclass(frozen=True)
class Variable:
    name: str
    span: Span = (0, 0)


@dataclass(frozen=True)
class Unary:
    op: str  # "+" or "-"
    operand: Node
    span: Span = (0, 0)


@dataclass(frozen=True)
class Binary:
    op: str  # "+", "-", "*", "/", "^"
    left: Node
    right: Node
    span: Span = (0, 0)


@dataclass(frozen=True)
class Call:
    func: str  # one of FUNCTIONS
    arg: Node
    span: Span = (0, 0)


Node = Number | Constant | Variable | Unary | Binary | Call


def operands(node: Node) -> tuple[Node, ...]:
    """A node's operands, left to right (none for a number, constant or variable)."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Call):
        return (node.arg,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its tree, its variables in order of first appearance, its size."""

    tree: Node
    variables: tuple[str, ...]
    text: str
    size: int


# ------------------------------------------------------------------------- tokenizer
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


def _describe(ch: str) -> str:
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
            raise FormulaError("parse.bad_character", i, hint=character_hint(text, i), params={"char": _describe(ch)})
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens


# ---------------------------------------------------------------------------- parser
def _unknown_name(text: str, tok: Token) -> FormulaError:
    after = len(text) - len(text[tok.end :].lstrip(" \t"))  # cot (x): the arguments after the spaces
    hint = name_hint(tok.text, call_arguments(text, after))
    return FormulaError("parse.unknown_name", tok.start, tok.end, hint=hint, params={"name": tok.text})


class _Parser:
    """Precedence climbing, lowest first: sum, product (incl. implicit), unary, power, atom."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.nesting = 0
        self.nodes = 0
        self.variables: dict[str, None] = {}

    # helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def count(self, node: Node) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FormulaError(
                "parse.too_many_nodes", node.span[0], node.span[1], hint="hint.split", params={"limit": MAX_NODES}
            )
        return node

    def enter(self, tok: Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise FormulaError(
                "parse.too_deep", tok.start, tok.end, hint="hint.redundant_parentheses", params={"limit": MAX_NESTING}
            )

    def leave(self) -> None:
        self.nesting -= 1

    def expect_close(self, opening: Token) -> Token:
        tok = self.tok
        if tok.kind == ")":
            return self.advance()
        if tok.kind == ",":
            raise FormulaError("parse.one_argument", tok.start, hint="hint.remove_comma")
        if tok.kind == "end":
            raise FormulaError("parse.never_closed", opening.start, hint="hint.add_close")
        raise FormulaError(
            "parse.expected_close", tok.start, tok.end, hint="hint.check_parentheses", params={"found": tok.text}
        )

    # grammar
    def parse(self) -> Formula:
        if not self.text.strip():
            raise FormulaError("parse.empty", 0, hint="hint.type_formula")
        tree = self.sum()
        tok = self.tok
        if tok.kind != "end":
            if tok.kind == ")":
                raise FormulaError("parse.unmatched_close", tok.start, hint="hint.remove_close")
            if tok.kind == ",":
                raise FormulaError("parse.comma", tok.start, hint="hint.one_argument")
            raise FormulaError(
                "parse.unexpected", tok.start, tok.end, hint="hint.add_operator", params={"token": tok.text}
            )
        return Formula(tree, tuple(self.variables), self.text, self.nodes)

    def sum(self) -> Node:
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance().text
            right = self.product()
            node = self.count(Binary(op, node, right, (node.span[0], right.span[1])))
        return node

    def starts_atom(self) -> bool:
        return self.tok.kind in ("num", "name", "(")

    def product(self) -> Node:
        node = self.unary()
        while True:
            if self.tok.kind == "op" and self.tok.text in "*/":
                op = self.advance().text
                right = self.unary()
            elif self.starts_atom():  # implicit multiplication: 2x, x(x+1), (x-1)(x+1)
                op, right = "*", self.power()
            else:
                return node
            node = self.count(Binary(op, node, right, (node.span[0], right.span[1])))

    def unary(self) -> Node:
        tok = self.tok
        if tok.kind == "op" and tok.text in "+-":
            self.advance()
            self.enter(tok)
            operand = self.unary()
            self.leave()
            return self.count(Unary(tok.text, operand, (tok.start, operand.span[1])))
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        tok = self.tok
        if tok.kind == "op" and tok.text == "^":
            self.advance()
            self.enter(tok)
            exponent = self.unary()  # right-associative; allows x^-2
            self.leave()
            return self.count(Binary("^", base, exponent, (base.span[0], exponent.span[1])))
        return base

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return self.count(Number(tok.value, (tok.start, tok.end)))
        if tok.kind == "(":
            self.advance()
            self.enter(tok)
            if self.tok.kind == ")":
                raise FormulaError("parse.empty_parentheses", tok.start, self.tok.end, hint="hint.inside_parentheses")
            inner = self.sum()
            self.expect_close(tok)
            self.leave()
            return inner
        if tok.kind == "name":
            return self.name()
        if tok.kind == "end":
            code = "parse.ends_early" if self.pos else "parse.empty_early"
            raise FormulaError(code, tok.start, hint="hint.complete")
        if tok.kind == ")":
            raise FormulaError("parse.unexpected_close", tok.start, hint="hint.atom_needed")
        if tok.kind == ",":
            raise FormulaError("parse.comma", tok.start, hint="hint.one_argument")
        raise FormulaError("parse.needs_before", tok.start, tok.end, hint="hint.put_before", params={"token": tok.text})

    def name(self) -> Node:
        tok = self.advance()
        name = tok.text
        span = (tok.start, tok.end)
        if name in FUNCTIONS:
            if self.tok.kind != "(":
                raise FormulaError(
                    "parse.needs_parentheses", tok.start, tok.end, hint=("hint.write_call", {"name": name}),
                    params={"name": name},
                )  # fmt: skip
            opening = self.advance()
            self.enter(opening)
            if self.tok.kind == ")":
                raise FormulaError(
                    "parse.needs_argument", opening.start, self.tok.end, hint=("hint.write_call", {"name": name}),
                    params={"name": name},
                )  # fmt: skip
            arg = self.sum()
            close = self.expect_close(opening)
            self.leave()
            return self.count(Call(name, arg, (tok.start, close.end)))
        if name in CONSTANTS:
            return self.count(Constant(name, span))
        if is_variable(name):
            if name not in self.variables and len(self.variables) == MAX_VARIABLES:
                raise FormulaError(
                    "parse.too_many_variables", tok.start, tok.end, hint="hint.reuse_variables",
                    params={"limit": MAX_VARIABLES},
                )  # fmt: skip
            self.variables.setdefault(name, None)
            return self.count(Variable(name, span))
        raise _unknown_name(self.text, tok)


def parse(text: str) -> Formula:
    """Parse formula text into a `Formula`, or raise `FormulaError`."""
    if not isinstance(text, str):
        raise FormulaError("parse.not_text")
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            "parse.too_long", MAX_LENGTH, len(text), hint="hint.shorten",
            params={"length": len(text), "limit": MAX_LENGTH},
        )  # fmt: skip
    bad = next((i for i, ch in enumerate(text) if unicodedata.category(ch) == "Cc" and ch not in " \t"), None)
    if bad is not None:
        raise FormulaError("parse.control_character", bad, hint="hint.one_line", params={"char": _describe(text[bad])})
    return _Parser(text).parse()


# ----------------------------------------------------------------- printing the AST
PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "unary": 3, "^": 4, "atom": 5}


def precedence(node: Node) -> int:
    """How tightly a node binds when printed (shared by every printer of the tree)."""
    if isinstance(node, Binary):
        return PREC[node.op]
    if isinstance(node, Unary):
        return PREC["unary"]
    return PREC["atom"]


def format_number(value: float) -> str:
    """Shortest text that parses back to exactly this float."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def canonical(node: Node | Formula) -> str:
    """Fully explicit text of the tree (`2x` -> `2*x`); parsing it gives the same tree."""
    if isinstance(node, Formula):
        node = node.tree

    def wrap(child: Node, minimum: int) -> str:
        text = canonical(child)
        return f"({text})" if precedence(child) < minimum else text

    if isinstance(node, Number):
        return format_number(node.value)
    if isinstance(node, (Constant, Variable)):
        return node.name
    if isinstance(node, Unary):
        return node.op + wrap(node.operand, PREC["unary"])
    if isinstance(node, Call):
        return f"{node.func}({canonical(node.arg)})"
    p = PREC[node.op]
    if node.op == "^":
        return f"{wrap(node.left, PREC['atom'])}^{wrap(node.right, PREC['^'])}"
    sep = f" {node.op} " if p == 1 else node.op
    return f"{wrap(node.left, p)}{sep}{wrap(node.right, p + 1 if p == 1 else PREC['^'])}"


_LATEX_FUNCS = {
    "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "asin": r"\arcsin", "acos": r"\arccos",
    "atan": r"\arctan", "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh", "exp": r"\exp",
    "log": r"\log", "ln": r"\ln", "log2": r"\log_{2}", "log10": r"\log_{10}",
    "sigmoid": r"\operatorname{sigmoid}", "relu": r"\operatorname{relu}",
    "softplus": r"\operatorname{softplus}",
}  # fmt: skip


def latex_name(name: str) -> str:
    return name[0] + (f"_{{{name[1:]}}}" if len(name) > 1 else "")


def to_latex(node: Node | Formula) -> str:
    """LaTeX that shows the tree exactly as it was read (no simplification)."""
    if isinstance(node, Formula):
        node = node.tree

    def wrap(child: Node, minimum: int) -> str:
        text = to_latex(child)
        return rf"\left({text}\right)" if precedence(child) < minimum else text

    if isinstance(node, Number):
        text = format_number(node.value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
        return text
    if isinstance(node, Constant):
        return r"\pi" if node.name == "pi" else "e"
    if isinstance(node, Variable):
        return latex_name(node.name)
    if isinstance(node, Unary):
        return node.op + wrap(node.operand, PREC["unary"])
    if isinstance(node, Call):
        if node.func == "sqrt":
            return rf"\sqrt{{{to_latex(node.arg)}}}"
        if node.func == "abs":
            return rf"\left|{to_latex(node.arg)}\right|"
        return rf"{_LATEX_FUNCS[node.func]}\left({to_latex(node.arg)}\right)"
    if node.op == "/":
        return rf"\frac{{{to_latex(node.left)}}}{{{to_latex(node.right)}}}"
    if node.op == "^":
        return f"{{{wrap(node.left, PREC['atom'])}}}^{{{to_latex(node.right)}}}"
    if node.op == "*":
        return rf"{wrap(node.left, 2)} \cdot {wrap(node.right, 4)}"
    return f"{wrap(node.left, 1)} {node.op} {wrap(node.right, 2)}"
