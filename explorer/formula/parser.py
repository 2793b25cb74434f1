"""Stage 1 of the pipeline: formula text -> our own syntax tree (explorer/formula/tree.py).

A recursive-descent parser for the formula language documented in the README, over the tokens of
explorer/formula/tokens.py. Nothing here (or anywhere else) evaluates user text: the parser only builds
the tree's frozen dataclasses, and every later stage walks them.

Everything a user can get wrong raises one exception type, `FormulaError` (explorer/formula/errors.py),
which carries the position (0-based, half-open span) and a hint on what to write instead.
"""

from __future__ import annotations

import unicodedata

from explorer.formula.errors import FormulaError
from explorer.formula.tokens import Token, describe, tokenize
from explorer.formula.tree import Binary, Call, Constant, Formula, Node, Number, Unary, Variable
from explorer.formula.vocabulary import CONSTANTS, FUNCTIONS, call_arguments, is_variable, name_hint

# Limits, checked before any numeric or symbolic work. They keep every accepted formula
# small enough to draw, differentiate and plot quickly.
MAX_LENGTH = 1000  # characters of input
MAX_NESTING = 40  # parentheses, unary signs and exponents nested inside each other
MAX_NODES = 200  # numbers, names, operators and calls in the parsed formula
MAX_VARIABLES = 20  # distinct variables: each gets an input and a switch on the page


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
        raise FormulaError("parse.control_character", bad, hint="hint.one_line", params={"char": describe(text[bad])})
    return _Parser(text).parse()
