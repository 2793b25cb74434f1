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
from dataclasses import dataclass

# Limits, checked before any numeric or symbolic work. They keep every accepted formula
# small enough to draw, differentiate and plot quickly.
MAX_LENGTH = 1000  # characters of input
MAX_NESTING = 40  # parentheses, unary signs and exponents nested inside each other
MAX_NODES = 200  # numbers, names, operators and calls in the parsed formula
MAX_VARIABLES = 20  # distinct variables: each gets an input and a switch on the page

FUNCTIONS = (  # noqa: SIM905 (one readable line)
    "sin cos tan asin acos atan sinh cosh tanh exp log ln log2 log10 sqrt abs "
    "sigmoid relu softplus"
).split()
CONSTANTS = ("pi", "e")

# Characters people paste from documents, accepted as their ASCII twins. Each maps to
# the text it stands for; positions still point into the original text.
PASTED = {"π": "pi", "×": "*", "·": "*", "−": "-", "²": "^2", "³": "^3"}


class FormulaError(ValueError):
    """A mistake in a formula: what is wrong, where, and what to write instead."""

    def __init__(self, message: str, start: int = 0, end: int | None = None, hint: str = ""):
        self.message = message
        self.start = start
        self.end = start + 1 if end is None else end
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.message} at column {self.start + 1}"
        return f"{text}: {self.hint}" if self.hint else text


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
                raise FormulaError("a lone '.' is not a number", i, hint="write 0.5 or .5")
            if m.end() < len(text) and text[m.end()] == "." and not m.group(2):
                raise FormulaError("a number has two decimal points", m.end(), hint="write 1.5, not 1.5.2")
            value = float(m.group(0))
            if not math.isfinite(value):
                raise FormulaError(
                    f"the number {m.group(0)} is too large",
                    i,
                    m.end(),
                    hint="numbers must be below 1.8e308 (the largest float)",
                )
            tokens.append(Token("num", m.group(0), i, m.end(), value))
            i = m.end()
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            m = _NAME.match(text, i)
            assert m is not None  # the first character matched
            tokens.append(Token("name", m.group(0), i, m.end()))
            i = m.end()
        else:
            raise FormulaError(
                f"the character {_describe(ch)} is not part of the formula language",
                i,
                hint=_character_hint(ch),
            )
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens


def _character_hint(ch: str) -> str:
    if ch in "[]{}":
        return "use round parentheses ( ) for grouping"
    if ch in "=<>!":
        return "write an expression, not an equation or comparison"
    if ch in "'\"`":
        return "quotes are not part of formulas"
    if ch.isspace() or unicodedata.category(ch) == "Cf":
        return "type a plain space, or nothing"
    if ch.isalpha() or ch.isdigit():
        return "use plain ASCII letters and digits"
    return "use numbers, x-style variables, + - * / ^, parentheses and functions like sin(x)"


# ---------------------------------------------------------------------------- parser
def _split_variables(name: str) -> list[str] | None:
    """'xy' -> ['x', 'y'] when a name is several one-letter variables run together."""
    parts = re.findall(r"[A-Za-z]\d*", name)
    if "".join(parts) != name or any(p[0] == "e" for p in parts):
        return None
    return parts


def _is_variable(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z]\d*", name) is not None and name[0] != "e"


def _unknown_name(tok: Token) -> FormulaError:
    name = tok.text
    for func in sorted(FUNCTIONS, key=len, reverse=True):
        rest = name[len(func) :]
        if name.startswith(func) and rest and (_is_variable(rest) or rest in CONSTANTS):
            return FormulaError(f"unknown name '{name}'", tok.start, tok.end, hint=f"did you mean {func}({rest})?")
    lowered = name.lower()
    if lowered != name and (lowered in FUNCTIONS or lowered in CONSTANTS):
        return FormulaError(f"unknown name '{name}'", tok.start, tok.end, hint=f"names are lower case: write {lowered}")
    for func in FUNCTIONS:
        prefix = _split_variables(name[: -len(func)]) if name.endswith(func) and name != func else None
        if prefix:
            return FormulaError(
                f"unknown name '{name}'", tok.start, tok.end, hint=f"write {'*'.join(prefix)}*{func}(...)"
            )
    parts = _split_variables(name)
    if parts and len(parts) > 1:
        return FormulaError(
            f"unknown name '{name}'", tok.start, tok.end, hint=f"write {'*'.join(parts)} or {' '.join(parts)}"
        )
    return FormulaError(
        f"unknown name '{name}'",
        tok.start,
        tok.end,
        hint="variables are one letter (other than e) with optional digits, like x or w2; "
        "functions are " + ", ".join(FUNCTIONS),
    )


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
                f"the formula is too large: more than {MAX_NODES} numbers, names and operators",
                node.span[0],
                node.span[1],
                hint="split it into smaller formulas",
            )
        return node

    def enter(self, tok: Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise FormulaError(
                f"the formula is nested too deeply: more than {MAX_NESTING} levels of "
                "parentheses, signs and exponents",
                tok.start,
                tok.end,
                hint="remove redundant parentheses",
            )

    def leave(self) -> None:
        self.nesting -= 1

    def expect_close(self, opening: Token) -> Token:
        tok = self.tok
        if tok.kind == ")":
            return self.advance()
        if tok.kind == ",":
            raise FormulaError("functions take exactly one argument", tok.start, hint="remove the ',' and what follows")
        if tok.kind == "end":
            raise FormulaError("this '(' is never closed", opening.start, hint="add a ')'")
        raise FormulaError(f"expected ')' but found '{tok.text}'", tok.start, tok.end, hint="check the parentheses")

    # grammar
    def parse(self) -> Formula:
        if not self.text.strip():
            raise FormulaError("the formula is empty", 0, hint="type a formula such as x^2 or sin(x)")
        tree = self.sum()
        tok = self.tok
        if tok.kind != "end":
            if tok.kind == ")":
                raise FormulaError("this ')' has no matching '('", tok.start, hint="remove it or add a '(' before")
            if tok.kind == ",":
                raise FormulaError("a ',' is not allowed here", tok.start, hint="functions take one argument")
            raise FormulaError(f"unexpected '{tok.text}'", tok.start, tok.end, hint="add an operator before it")
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
                raise FormulaError("empty parentheses", tok.start, self.tok.end, hint="put an expression inside ( )")
            inner = self.sum()
            self.expect_close(tok)
            self.leave()
            return inner
        if tok.kind == "name":
            return self.name()
        if tok.kind == "end":
            where = "the formula ends" if self.pos else "the formula is empty"
            raise FormulaError(f"{where} where a number, name or '(' is needed", tok.start, hint="complete the formula")
        if tok.kind == ")":
            raise FormulaError("unexpected ')'", tok.start, hint="a number, name or '(' is needed here")
        if tok.kind == ",":
            raise FormulaError("a ',' is not allowed here", tok.start, hint="functions take one argument")
        raise FormulaError(
            f"'{tok.text}' needs something before it", tok.start, tok.end, hint="put a number or name before it"
        )

    def name(self) -> Node:
        tok = self.advance()
        name = tok.text
        span = (tok.start, tok.end)
        if name in FUNCTIONS:
            if self.tok.kind != "(":
                raise FormulaError(
                    f"the function {name} needs parentheses", tok.start, tok.end, hint=f"write {name}(x)"
                )
            opening = self.advance()
            self.enter(opening)
            if self.tok.kind == ")":
                raise FormulaError(
                    f"{name}() needs an argument", opening.start, self.tok.end, hint=f"write {name}(x)"
                )
            arg = self.sum()
            close = self.expect_close(opening)
            self.leave()
            return self.count(Call(name, arg, (tok.start, close.end)))
        if name in CONSTANTS:
            return self.count(Constant(name, span))
        if _is_variable(name):
            if name not in self.variables and len(self.variables) == MAX_VARIABLES:
                raise FormulaError(
                    f"the formula has too many variables: more than {MAX_VARIABLES}",
                    tok.start,
                    tok.end,
                    hint="reuse variables, or split the formula",
                )
            self.variables.setdefault(name, None)
            return self.count(Variable(name, span))
        raise _unknown_name(tok)


def parse(text: str) -> Formula:
    """Parse formula text into a `Formula`, or raise `FormulaError`."""
    if not isinstance(text, str):
        raise FormulaError("the formula must be text")
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"the formula is too long: {len(text)} characters, the limit is {MAX_LENGTH}",
            MAX_LENGTH,
            len(text),
            hint="shorten it",
        )
    bad = next((i for i, ch in enumerate(text) if unicodedata.category(ch) == "Cc" and ch not in " \t"), None)
    if bad is not None:
        raise FormulaError(
            f"the control character {_describe(text[bad])} is not allowed", bad, hint="type the formula on one line"
        )
    return _Parser(text).parse()


# ----------------------------------------------------------------- printing the AST
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "unary": 3, "^": 4, "atom": 5}


def _prec(node: Node) -> int:
    if isinstance(node, Binary):
        return _PREC[node.op]
    if isinstance(node, Unary):
        return _PREC["unary"]
    return _PREC["atom"]


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
        return f"({text})" if _prec(child) < minimum else text

    if isinstance(node, Number):
        return format_number(node.value)
    if isinstance(node, (Constant, Variable)):
        return node.name
    if isinstance(node, Unary):
        return node.op + wrap(node.operand, _PREC["unary"])
    if isinstance(node, Call):
        return f"{node.func}({canonical(node.arg)})"
    p = _PREC[node.op]
    if node.op == "^":
        return f"{wrap(node.left, _PREC['atom'])}^{wrap(node.right, _PREC['^'])}"
    sep = f" {node.op} " if p == 1 else node.op
    return f"{wrap(node.left, p)}{sep}{wrap(node.right, p + 1 if p == 1 else _PREC['^'])}"


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
        return rf"\left({text}\right)" if _prec(child) < minimum else text

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
        return node.op + wrap(node.operand, _PREC["unary"])
    if isinstance(node, Call):
        if node.func == "sqrt":
            return rf"\sqrt{{{to_latex(node.arg)}}}"
        if node.func == "abs":
            return rf"\left|{to_latex(node.arg)}\right|"
        return rf"{_LATEX_FUNCS[node.func]}\left({to_latex(node.arg)}\right)"
    if node.op == "/":
        return rf"\frac{{{to_latex(node.left)}}}{{{to_latex(node.right)}}}"
    if node.op == "^":
        return f"{{{wrap(node.left, _PREC['atom'])}}}^{{{to_latex(node.right)}}}"
    if node.op == "*":
        return rf"{wrap(node.left, 2)} \cdot {wrap(node.right, 4)}"
    return f"{wrap(node.left, 1)} {node.op} {wrap(node.right, 2)}"
