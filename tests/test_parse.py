"""The formula language: what parses to what, what is refused and where, and round trips."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from explorer.formula.errors import FormulaError
from explorer.formula.forward import forward, run
from explorer.formula.parser import MAX_LENGTH, MAX_NESTING, MAX_NODES, MAX_VARIABLES, parse
from explorer.formula.printing import canonical
from explorer.formula.tree import Binary, Call, Constant, Number, Unary, Variable
from explorer.formula.vocabulary import FUNCTIONS, INSTEAD


def shape(node):
    """The tree without spans: nested tuples that compare equal when the trees do."""
    if isinstance(node, Number):
        return ("num", node.value)
    if isinstance(node, Constant):
        return ("const", node.name)
    if isinstance(node, Variable):
        return ("var", node.name)
    if isinstance(node, Unary):
        return ("unary", node.op, shape(node.operand))
    if isinstance(node, Call):
        return ("call", node.func, shape(node.arg))
    assert isinstance(node, Binary), node
    return ("bin", node.op, shape(node.left), shape(node.right))


def assert_round_trip(text: str) -> None:
    formula = parse(text)
    again = parse(canonical(formula))
    assert shape(again.tree) == shape(formula.tree), (text, canonical(formula))
    assert canonical(again) == canonical(formula)
    assert again.variables == formula.variables
    assert again.size == formula.size


# ------------------------------------------------------------------ accepted inputs
CANONICAL = [
    # numbers
    ("2", "2", ()),
    ("2.5", "2.5", ()),
    (".5", "0.5", ()),
    ("2.", "2", ()),
    ("1e-3", "0.001", ()),
    ("2E5", "200000", ()),
    ("1e+3", "1000", ()),
    ("2.5e2", "250", ()),
    ("1e20", "1e+20", ()),
    # e after digits: scientific notation only with an integer exponent, else Euler's number
    ("2e", "2*e", ()),
    ("2e3", "2000", ()),
    ("3.5e", "3.5*e", ()),
    ("2e-x", "2*e - x", ("x",)),
    ("2e^x", "2*e^x", ("x",)),
    ("2e3x", "2000*x", ("x",)),
    ("e", "e", ()),
    ("e^x", "e^x", ("x",)),
    # operators and precedence
    ("x+y", "x + y", ("x", "y")),
    ("x - y - z", "x - y - z", ("x", "y", "z")),
    ("x-(y-z)", "x - (y - z)", ("x", "y", "z")),
    ("x/y/z", "x/y/z", ("x", "y", "z")),
    ("x/(y/z)", "x/(y/z)", ("x", "y", "z")),
    ("x^2", "x^2", ("x",)),
    ("x**2", "x^2", ("x",)),
    ("x ** 2", "x^2", ("x",)),
    ("-x^2", "-x^2", ("x",)),
    ("(-x)^2", "(-x)^2", ("x",)),
    ("2^3^2", "2^3^2", ()),
    ("(2^3)^2", "(2^3)^2", ()),
    ("x^-2", "x^(-2)", ("x",)),
    ("x^+2", "x^(+2)", ("x",)),
    ("+x", "+x", ("x",)),
    ("--x", "--x", ("x",)),
    ("x--y", "x - -y", ("x", "y")),
    ("x*-y", "x*(-y)", ("x", "y")),
    ("(x+y)*(x-y)", "(x + y)*(x - y)", ("x", "y")),
    ("((x))", "x", ("x",)),
    # implicit multiplication
    ("2x", "2*x", ("x",)),
    ("2 x y", "2*x*y", ("x", "y")),
    ("x y", "x*y", ("x", "y")),
    ("x\ty", "x*y", ("x", "y")),
    ("x(x+1)", "x*(x + 1)", ("x",)),
    ("(x-4)(x^2+6)", "(x - 4)*(x^2 + 6)", ("x",)),
    ("2pi", "2*pi", ()),
    ("3(x+1)^2", "3*(x + 1)^2", ("x",)),
    ("1/2x", "1/2*x", ("x",)),
    ("2x^2", "2*x^2", ("x",)),
    ("sin(x)cos(x)", "sin(x)*cos(x)", ("x",)),
    ("2sin(x)", "2*sin(x)", ("x",)),
    ("-2x", "-2*x", ("x",)),
    # variables
    ("w2", "w2", ("w2",)),
    ("w2 x1 + b", "w2*x1 + b", ("w2", "x1", "b")),
    ("y + x + y", "y + x + y", ("y", "x")),
    ("A + Z9", "A + Z9", ("A", "Z9")),
    # constants and functions
    ("pi", "pi", ()),
    ("sin(pi/2)", "sin(pi/2)", ()),
    ("log10(x)", "log10(x)", ("x",)),
    ("log2 (x)", "log2(x)", ("x",)),
    ("sqrt(x)^3", "sqrt(x)^3", ("x",)),
    ("exp(-x^2/2)", "exp(-x^2/2)", ("x",)),
    ("sigmoid(relu(softplus(x)))", "sigmoid(relu(softplus(x)))", ("x",)),
    # pasted characters
    ("π", "pi", ()),
    ("3π", "3*pi", ()),
    ("2×x", "2*x", ("x",)),
    ("2·x", "2*x", ("x",)),
    ("−x", "-x", ("x",)),
    ("x − y", "x - y", ("x", "y")),
    ("x²", "x^2", ("x",)),
    ("x³", "x^3", ("x",)),
    ("x²+y³", "x^2 + y^3", ("x", "y")),
    ("x²y", "x^2*y", ("x", "y")),
]


@pytest.mark.parametrize(("text", "expected", "variables"), CANONICAL)
def test_canonical_text_and_variables(text, expected, variables):
    formula = parse(text)
    assert canonical(formula) == expected
    assert formula.variables == variables
    assert formula.text == text


def test_canonical_covers_every_function():
    for func in FUNCTIONS:
        formula = parse(f"{func}(x)")
        assert canonical(formula) == f"{func}(x)"
        assert shape(formula.tree) == ("call", func, ("var", "x"))


# Precedence and associativity: each input against a fully parenthesised equivalent.
STRUCTURE = [
    ("-x^2", "-(x^2)"),
    ("-2^2", "-(2^2)"),
    ("2^3^2", "2^(3^2)"),
    ("x^y^z", "x^(y^z)"),
    ("x^-y^2", "x^(-(y^2))"),
    ("1/2x", "(1/2)*x"),
    ("1/2 x", "(1/2)*x"),
    ("x/y z", "(x/y)*z"),
    ("2x^2", "2*(x^2)"),
    ("x y^2", "x*(y^2)"),
    ("-2x", "(-2)*x"),
    ("-x y", "(-x)*y"),
    ("2 x y", "(2*x)*y"),
    ("x-y-z", "(x-y)-z"),
    ("x-y+z", "(x-y)+z"),
    ("x/y/z", "(x/y)/z"),
    ("x+y*z", "x+(y*z)"),
    ("x+y z", "x+(y*z)"),
    ("3(x+1)^2", "3*((x+1)^2)"),
    ("(x-4)(x^2+6)", "(x-4)*((x^2)+6)"),
    ("x(x+1)", "x*(x+1)"),
    ("2pi", "2*pi"),
    ("2e", "2*e"),
    ("2e^x", "2*(e^x)"),
    ("x*-y", "x*(-y)"),
    ("x²y", "(x^2)*y"),
    ("2^x²", "2^(x^2)"),
    ("sin(x)^2", "(sin(x))^2"),
    ("sin(x)cos(x)", "(sin(x))*(cos(x))"),
    ("x ** y ** z", "x^(y^z)"),
]


@pytest.mark.parametrize(("text", "explicit"), STRUCTURE)
def test_precedence_and_associativity(text, explicit):
    assert shape(parse(text).tree) == shape(parse(explicit).tree)


@pytest.mark.parametrize(
    ("text", "value"),
    [("2^3^2", 512.0), ("-2^2", -4.0), ("1/2*4", 2.0), ("1/2 4", 2.0), ("2^-1", 0.5), ("2e3", 2000.0),
     ("8/2/2", 2.0), ("2 3 4", 24.0), ("10-2-3", 5.0), ("2²", 4.0), ("2³", 8.0), ("−3", -3.0)],
)  # fmt: skip
def test_constant_formulas_evaluate_as_the_contract_says(text, value):
    assert forward(parse(text), {}, {}, "float64").output.item() == value


def test_spans_point_into_the_original_text():
    formula = parse("2×x² + sin(y)")
    assert formula.tree.span == (0, 13)
    left, right = formula.tree.left, formula.tree.right
    assert left.span == (0, 4)  # 2×x²: the pasted characters count one column each
    assert right.span == (7, 13)
    assert isinstance(right, Call) and right.arg.span == (11, 12)


@pytest.mark.parametrize("text", [row[0] for row in CANONICAL] + [row[0] for row in STRUCTURE])
def test_round_trip_of_table_inputs(text):
    assert_round_trip(text)


def test_round_trip_of_numbers_needing_exponents():
    for text in ["1e-7", "1.5e300", "123456789012345678901", "0.1", "1e16", "9999999999999998", "5e-324"]:
        formula = parse(text)
        assert canonical(parse(canonical(formula))) == canonical(formula)
        assert parse(canonical(formula)).tree.value == float(text)


# ------------------------------------------------------------------ refused inputs
BAD = [
    # (input, fragment of message or hint, column (0-based start))
    ("xy", "unknown name 'xy'", 0),
    ("xy", "write x*y or x y", 0),
    ("2 + xy", "write x*y or x y", 4),
    ("abc", "write a*b*c or a b c", 0),
    ("sinx", "unknown name 'sinx'", 0),
    ("sinx", "did you mean sin(x)?", 0),
    ("1 + sinx", "did you mean sin(x)?", 4),
    ("cospi", "did you mean cos(pi)?", 0),
    ("sqrtx2", "did you mean sqrt(x2)?", 0),
    ("log2x", "did you mean log2(x)?", 0),
    ("Sin(x)", "names are lower case: write sin", 0),
    ("PI", "names are lower case: write pi", 0),
    ("x_1", "unknown name 'x_1'", 0),
    ("ex", "unknown name 'ex'", 0),
    ("e2", "unknown name 'e2'", 0),
    ("sin x", "the function sin needs parentheses", 0),
    ("sin", "write sin(x)", 0),
    ("sin()", "sin() needs an argument", 3),
    ("sin(x, y)", "exactly one argument", 5),
    ("(x", "never closed", 0),
    ("((x)", "never closed", 0),
    ("x)", "no matching '('", 1),
    ("sin(x))", "no matching '('", 6),
    ("()", "empty parentheses", 0),
    ("x + ()", "empty parentheses", 4),
    ("x +", "the formula ends", 3),
    ("x^", "the formula ends", 2),
    ("*x", "needs something before it", 0),
    ("x + * y", "needs something before it", 4),
    ("x, y", "','", 1),
    ("", "the formula is empty", 0),
    ("   ", "the formula is empty", 0),
    ("x = 2", "'=' (U+003D EQUALS SIGN)", 2),
    ("x = 2", "not an equation", 2),
    ("x < 2", "comparison", 2),
    ("[x]", "round parentheses", 0),
    ("x # 2", "'#' (U+0023 NUMBER SIGN) is not part of the formula language", 2),
    ("2 ∑ x", "'∑' (U+2211 N-ARY SUMMATION)", 2),
    ("√x", "'√' (U+221A SQUARE ROOT)", 0),
    ("é", "plain ASCII", 0),
    ("'x'", "quotes", 0),
    ("x\ny", "U+000A", 1),
    ("x\ny", "one line", 1),
    ("x\u200by", "U+200B", 1),
    ("1.2.3", "two decimal points", 3),
    ("1e1.5", "exponent of a number must be a whole number", 3),
    (".", "lone '.'", 0),
    ("x + .", "lone '.'", 4),
    ("1e999", "too large", 0),
    ("f(x) = x", "'='", 5),
    # a hint is right or absent: the nearest thing the language has, with the user's own argument
    ("cot(x)", "write 1/tan(x) (cot is not in the formula language)", 0),
    ("2 + cot(x + 1)", "write 1/tan(x + 1)", 4),
    ("cotx", "write 1/tan(x)", 0),
    ("arcsin(x)", "write asin(x) (arcsin is not in the formula language)", 0),
    ("arctan(2x)", "write atan(2x)", 0),
    ("max(x, 1)", "for max(x, 1) write 1 + relu(x - 1)", 0),
    ("min(x, 2y)", "for min(x, 2y) write (2y) - relu((2y) - x)", 0),
    ("max(x)", "for max(x, c) write c + relu(x - c)", 0),
    ("floor(x)", "floor is not in the formula language; its functions are sin, cos", 0),
    ("x!", "no factorial (!)", 1),
    ("x != 1", "not an equation or comparison", 2),
    ("inf", "inf is not a number the language has", 0),
    ("x * nan", "nan is not a number the language has", 4),
    ("E", "names are lower case: write e", 0),  # like Sin and PI: E is not a second Euler's number
    ("2E x", "names are lower case: write e", 1),
    # positions point into the original text, pasted characters counting one column
    ("2×x²·y #", "'#'", 7),
    ("π² y)", "no matching '('", 4),
]


@pytest.mark.parametrize(("text", "fragment", "column"), BAD)
def test_bad_inputs_are_refused_with_message_hint_and_column(text, fragment, column):
    with pytest.raises(FormulaError) as info:
        parse(text)
    exc = info.value
    assert fragment in f"{exc.message}: {exc.hint}"
    assert exc.start == column
    assert exc.end > exc.start
    assert str(exc) == f"{exc.message} at column {column + 1}: {exc.hint}"


SAMPLES = {1: [0.3, -0.7], 2: [(0.7, 0.2), (1.3, -1.5)]}  # inside every alternative's domain (acosh: below)
REFERENCE = {
    "cot": lambda x: 1 / math.tan(x), "sec": lambda x: 1 / math.cos(x), "csc": lambda x: 1 / math.sin(x),
    "cosec": lambda x: 1 / math.sin(x), "arcsin": math.asin, "arccos": math.acos, "arctan": math.atan,
    "asinh": math.asinh, "arsinh": math.asinh, "arcsinh": math.asinh, "acosh": math.acosh, "arcosh": math.acosh,
    "arccosh": math.acosh, "atanh": math.atanh, "artanh": math.atanh, "arctanh": math.atanh,
    "log1p": math.log1p, "expm1": math.expm1, "exp2": lambda x: 2**x,
    "sqr": lambda x: x * x, "square": lambda x: x * x, "pow": math.pow, "power": math.pow,
    "silu": lambda x: x / (1 + math.exp(-x)), "swish": lambda x: x / (1 + math.exp(-x)),
    "softsign": lambda x: x / (1 + abs(x)), "max": max, "min": min,
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(INSTEAD))
def test_every_suggested_alternative_computes_the_function_it_replaces(name):
    """The hint for cot(x) is a formula of the language: parsed and run, it equals cot."""
    reference = REFERENCE[name]
    arity = 2 if name in ("pow", "power", "max", "min") else 1
    for args in SAMPLES[arity]:
        args = (args,) if arity == 1 else args
        if name in ("acosh", "arcosh", "arccosh"):
            args = (args[0] + 2.0,)
        call = f"{name}({', '.join(repr(a) for a in args)})"
        with pytest.raises(FormulaError) as info:
            parse(call)
        suggestion = info.value.hint_params["instead"]
        value = run(parse(suggestion), {}, dtype="float64").value.item()
        assert value == pytest.approx(reference(*args), rel=1e-12), (call, suggestion)


def test_formula_error_fields_and_text():
    with pytest.raises(FormulaError) as info:
        parse("2 + xy")
    exc = info.value
    assert isinstance(exc, ValueError)
    assert (exc.message, exc.start, exc.end) == ("unknown name 'xy'", 4, 6)
    assert exc.hint == "write x*y or x y"
    assert str(exc) == "unknown name 'xy' at column 5: write x*y or x y"
    assert str(FormulaError("plain", 2)) == "plain at column 3"
    assert FormulaError("plain", 2).end == 3


def test_non_text_is_a_formula_error():
    with pytest.raises(FormulaError):
        parse(None)  # type: ignore[arg-type]


# -------------------------------------------------------------------------- limits
def test_length_limit():
    parse("x" + " " * (MAX_LENGTH - 1))
    with pytest.raises(FormulaError) as info:
        parse("x" + " " * MAX_LENGTH)
    assert f"the limit is {MAX_LENGTH}" in info.value.message
    assert "too long" in info.value.message


def test_nesting_limit():
    parse("(" * MAX_NESTING + "x" + ")" * MAX_NESTING)
    over = MAX_NESTING + 1
    for deep in ["(" * over + "x" + ")" * over, "-" * over + "x", "sin(" * over + "x" + ")" * over, "x^" * over + "x"]:
        with pytest.raises(FormulaError) as info:
            parse(deep)
        assert f"more than {MAX_NESTING} levels" in info.value.message
        assert "nested too deeply" in info.value.message


def test_node_limit():
    half = MAX_NODES // 2
    fits = parse("+".join(["x"] * half))  # half leaves, half - 1 operators
    assert fits.size == 2 * half - 1
    with pytest.raises(FormulaError) as info:
        parse("+".join(["x"] * (half + 1)))  # one node over the limit
    assert f"more than {MAX_NODES}" in info.value.message
    assert "too large" in info.value.message


def test_variable_limit():
    names = [f"x{i}" for i in range(MAX_VARIABLES)]
    fits = parse("+".join(names * 2))  # repeating a variable costs nothing
    assert fits.variables == tuple(names)
    with pytest.raises(FormulaError) as info:
        parse("+".join(names) + " + y")
    assert f"more than {MAX_VARIABLES}" in info.value.message
    assert info.value.start == len("+".join(names)) + 3  # points at the first variable too many


# ---------------------------------------------------------------------- hypothesis
NUMBERS = st.sampled_from(["0", "2", "7", "10", "2.5", ".5", "3.", "1e-3", "2E5", "1e+2", "0.125"])
VARIABLES = st.sampled_from(["x", "y", "z", "w2", "a", "b1", "X", "Q"])
CONSTANTS = st.sampled_from([("pi", "pi"), ("π", "pi"), ("e", "e")])
SPACE = st.sampled_from(["", "", " ", "  "])


@st.composite
def leaf(draw):
    """An atom: (sloppy text, fully parenthesised text, variables in order)."""
    kind = draw(st.sampled_from(["num", "var", "const"]))
    if kind == "num":
        text = draw(NUMBERS)
        return text, text, []
    if kind == "var":
        name = draw(VARIABLES)
        return name, name, [name]
    text, explicit = draw(CONSTANTS)
    return text, explicit, []


def extend(children):
    """Grammar productions built on smaller expressions (each a (text, explicit, variables))."""

    @st.composite
    def grouped(draw):  # ( sum ) or func( sum )
        text, explicit, names = draw(children)
        func = draw(st.sampled_from(["", *FUNCTIONS]))
        return f"{func}({draw(SPACE)}{text}{draw(SPACE)})", f"{func}({explicit})", names

    @st.composite
    def power(draw):  # atom ^ unary, atom ** unary, atom ² / ³
        base_text, base_explicit, base_names = draw(atoms)
        form = draw(st.sampled_from(["^", "**", "²", "³"]))
        if form in "²³":
            exponent = "2" if form == "²" else "3"
            return f"{base_text}{form}", f"({base_explicit}^{exponent})", base_names
        exp_text, exp_explicit, exp_names = draw(unaries)
        return (
            f"{base_text}{draw(SPACE)}{form}{draw(SPACE)}{exp_text}",
            f"({base_explicit}^{exp_explicit})",
            (base_names + exp_names),
        )

    @st.composite
    def signed(draw):  # unary sign
        sign, explicit_sign = draw(st.sampled_from([("-", "-"), ("+", "+"), ("−", "-")]))
        text, explicit, names = draw(unaries)
        return f"{sign}{draw(SPACE)}{text}", f"({explicit_sign}{explicit})", names

    @st.composite
    def product(draw):  # unary (op unary | implicit power)*, left to right
        text, explicit, names = draw(unaries)
        for _ in range(draw(st.integers(1, 3))):
            op = draw(st.sampled_from(["*", "/", "×", "·", "implicit"]))
            if op == "implicit":
                right_text, right_explicit, right_names = draw(powers)
                text = f"{text} {right_text}"
                op = "*"
            else:
                right_text, right_explicit, right_names = draw(unaries)
                text = f"{text}{draw(SPACE)}{op}{draw(SPACE)}{right_text}"
                op = "*" if op in "×·" else op
            explicit = f"({explicit}{op}{right_explicit})"
            names = names + right_names
        return text, explicit, names

    @st.composite
    def total(draw):  # product (+|- product)*, left to right
        text, explicit, names = draw(products)
        for _ in range(draw(st.integers(1, 3))):
            op, explicit_op = draw(st.sampled_from([("+", "+"), ("-", "-"), ("−", "-")]))
            right_text, right_explicit, right_names = draw(products)
            text = f"{text}{draw(SPACE)}{op}{draw(SPACE)}{right_text}"
            explicit = f"({explicit}{explicit_op}{right_explicit})"
            names = names + right_names
        return text, explicit, names

    atoms = st.one_of(leaf(), grouped())
    powers = st.one_of(atoms, power())
    unaries = st.one_of(powers, signed())
    products = st.one_of(unaries, product())
    return st.one_of(atoms, powers, unaries, products, total())


FORMULAS = st.recursive(leaf(), extend, max_leaves=12)
LIMIT_WORDS = ("too long", "too large", "nested too deeply")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FORMULAS)
def test_generated_formulas_parse_with_the_grammars_structure_and_round_trip(generated):
    text, explicit, names = generated
    try:
        formula = parse(text)
    except FormulaError as exc:  # only the size limits may refuse a grammatical formula
        assert any(word in exc.message for word in LIMIT_WORDS), (text, str(exc))
        return
    assert formula.variables == tuple(dict.fromkeys(names))
    assert_round_trip(text)
    try:
        reference = parse(explicit)
    except FormulaError as exc:  # the explicit text nests deeper; only that may fail
        assert "nested too deeply" in exc.message, (explicit, str(exc))
        assume(False)
    assert shape(formula.tree) == shape(reference.tree), (text, explicit)


FORMULA_ALPHABET = st.sampled_from(list("0123456789.eExyzw+-*/^() ,\tπ×·−²³#=_") + ["sin", "log10", "pi", "sqrt"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(FORMULA_ALPHABET, max_size=30).map("".join)))
def test_arbitrary_text_raises_only_formula_errors(text):
    try:
        formula = parse(text)
    except FormulaError as exc:
        assert 0 <= exc.start <= len(text)
        assert exc.end > exc.start
        assert exc.message
        assert str(exc).startswith(exc.message + f" at column {exc.start + 1}")
        return
    assert_round_trip(text)
    assert all(re.fullmatch(r"[A-Za-z]\d*", name) and name[0] != "e" for name in formula.variables)
