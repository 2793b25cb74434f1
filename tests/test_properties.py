"""Properties over generated formulas and arbitrary text (Hypothesis).

* The parser raises only `FormulaError`, on any text, with a one-line message and a column.
* Every formula of a small grammar parses, and at random points PyTorch's autograd agrees with
  SymPy's derivative wherever both are finite and real (relative 1e-6; an absolute slack only for
  float64 rounding: cancellation, or a step such as sin(pi) that float64 cannot hit exactly).
* The autograd graph of every generated formula renders to SVG.

Profiles: "dev" (default, 300 random examples per test) and "ci" (5,000): HYPOTHESIS_PROFILE=ci.
The ci profile is derandomized: the same 5,000 examples on every run, so CI's verdict on a commit
never depends on the luck of a draw; dev runs explore new random examples every time.
Measured on 2 cores: the ci profile runs this file in about 80 s (dev: about 10 s).
"""

from __future__ import annotations

import math
import os

import torch
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from explorer.draw.dot import to_dot
from explorer.draw.svg import svg
from explorer.draw.tree import expression_dot
from explorer.formula.errors import FormulaError
from explorer.formula.expression import expression
from explorer.formula.forward import forward, trace
from explorer.formula.parser import MAX_LENGTH, parse
from explorer.formula.symbolic import derive, evaluate, to_sympy
from explorer.formula.tree import Call
from explorer.formula.vocabulary import FUNCTIONS

settings.register_profile("ci", max_examples=5000, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# ------------------------------------------------------------------- the grammar
# Text only: the parser decides what the text means, and every property uses its tree. What
# matters is that the text is always a formula, and a small one: depth <= 4, and exponents
# from a short list (at most 4, or a variable or constant), so SymPy never meets 9^9^9.
NUMBERS = ["0", "1", "2", "3", "7", "10", "0.5", ".5", "2.", "2.5", "0.125", "1e-3", "2E1", "1.5e+0", "3e-1"]
NAMES = ["x", "y", "w2", "pi", "π", "e"]
EXPONENTS = ["2", "3", "4", "0.5", "1.5", "-1", "-2", "0", "x", "y", "-x", "pi", "e"]
SPACE = st.sampled_from(["", "", " "])

# Variables drawn as often as numbers and constants together: most formulas have something to differentiate.
leaves = st.one_of(st.sampled_from(NUMBERS), st.sampled_from(NAMES), st.sampled_from(["x", "y", "w2"]))


def is_leaf(text: str) -> bool:
    return text in NUMBERS or text in NAMES


def atom(text: str) -> str:
    """The text as one operand: a leaf as it is, anything else in parentheses."""
    return text if is_leaf(text) else f"({text})"


def grammar(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return leaves
    sub = grammar(depth - 1)

    @st.composite
    def grouped(draw):
        return f"({draw(SPACE)}{draw(sub)}{draw(SPACE)})"

    @st.composite
    def call(draw):
        return f"{draw(st.sampled_from(FUNCTIONS))}{draw(st.sampled_from(['', '', ' ']))}({draw(sub)})"

    @st.composite
    def signed(draw):
        return f"{draw(st.sampled_from(['-', '+', '−']))}{draw(SPACE)}{draw(sub)}"

    @st.composite
    def binary(draw):
        op = draw(st.sampled_from(["+", "-", "*", "/", "×", "·", "−"]))
        return f"{draw(sub)}{draw(SPACE)}{op}{draw(SPACE)}{draw(sub)}"

    @st.composite
    def power(draw):
        base = atom(draw(sub))
        form = draw(st.sampled_from(["^", "**", " ^ ", " ** ", "²", "³"]))
        return f"{base}{form}" if form in "²³" else f"{base}{form}{draw(st.sampled_from(EXPONENTS))}"

    @st.composite
    def implicit(draw):  # 2x, 2pi, x (y+1), sin(x)(x+1), x y
        left, right = draw(sub), draw(sub)
        if left in NUMBERS and right in NAMES and not left.endswith("."):
            return f"{left}{right}"
        if is_leaf(right):
            return f"{atom(left)} {right}"
        return f"{atom(left)}({right})"

    return st.one_of(leaves, grouped(), call(), signed(), binary(), power(), implicit())


FORMULAS = grammar(4)
WITH_VARIABLES = FORMULAS.filter(lambda text: parse(text).variables)  # about 1 in 3 has none
# Rounded to 4 decimals, so a point is 0 or at least 1e-4 away from it. At y = 6.9e-221 (Hypothesis found it)
# autograd's gradient of 3(y/y) is 3(1/y - y/y²) = 1.4e220 - 1.4e220, and float rounding leaves -5e204
# against SymPy's exact 0: cancellation in floating point, not a wrong derivative.
POINTS = st.floats(-2, 2, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 4))
RELATIVE, ABSOLUTE = 1e-6, 1e-9
# Cancellation: at x = 1.75, d/dx of sinh(20)·(x·x^-1) is 1.4e8 - 1.4e8 summed by backward(), which float64 leaves
# at -3e-8 against SymPy's exact 0 (Hypothesis found it). A difference that small next to the terms that were
# added is rounding, not a wrong rule: the absolute tolerance grows with the largest gradient an edge carried.
CANCELLATION = 1e-10  # of that largest gradient: about 450,000 float64 ulps, far below any wrong rule's error


def all_finite(computation) -> bool:
    """Every value of the forward pass finite? Past an inf, IEEE and SymPy part ways: PyTorch's 1/0 is +inf
    and exp(-inf) is 0, SymPy's 1/0 is the unsigned zoo and exp(zoo) is nan (and relu(zoo) a TypeError)."""
    return all(math.isfinite(v.item() if isinstance(v, torch.Tensor) else v) for _, v in computation.values)


def inexact_forward(computation, point) -> bool:
    """Did float64 miss the value of some step that SymPy knows exactly? sin(pi) is 1.2e-16 in float64 and 0 in
    SymPy, so x*sqrt(sin(pi)) has autograd's slope 1.1e-8 against SymPy's exact 0 (Hypothesis found it): the
    rules agree, the inputs to them did not. Each step against SymPy's value of its subtree at the point."""
    for node, value in computation.values:  # every value here is finite (see all_finite)
        exact = evaluate(to_sympy(node), point)
        mine = value.item() if isinstance(value, torch.Tensor) else value
        if isinstance(exact, complex) or not math.isfinite(exact):
            return True  # log(sin(pi)): float64's is log(1.2e-16) = -36.7, SymPy's is log(0) = zoo
        if not math.isclose(mine, exact, rel_tol=1e-9, abs_tol=1e-12):
            return True
    return False


def kink(computation) -> bool:
    """Is the point at (or within 1e-9 of) a kink of abs or relu, where one-sided derivatives differ?"""
    values = {id(node): value for node, value in computation.values}
    for node, _ in computation.values:
        if isinstance(node, Call) and node.func in ("abs", "relu"):
            arg = values[id(node.arg)]
            arg = arg.item() if isinstance(arg, torch.Tensor) else arg
            if abs(arg) <= 1e-9:
                return True
    return False


@given(FORMULAS)
def test_every_generated_formula_parses(text):
    formula = parse(text)  # a FormulaError here is a bug in the parser (or in the grammar above)
    assert formula.text == text
    assert len(text) <= MAX_LENGTH


@given(WITH_VARIABLES, st.data())
def test_autograd_agrees_with_sympy_wherever_both_are_finite(text, data):
    formula = parse(text)
    point = {name: data.draw(POINTS, label=name) for name in formula.variables}
    result, graph = trace(forward(formula, point, dtype="float64"))
    if not all_finite(result.computation):
        event("skipped: an inf or nan in the forward pass")
        return
    if kink(result.computation):
        event("skipped: at a kink of abs or relu")
        return
    partials = derive(formula)  # in this process: the grammar keeps SymPy's work small
    assert set(partials) == set(formula.variables)
    carried = [abs(edge.grad.item()) for edge in graph.edges if edge.grad is not None]
    largest = max((g for g in carried if math.isfinite(g)), default=0.0)
    for name in formula.variables:
        auto = result.grads[name].item()
        exact = evaluate(partials[name].expr, point)
        if isinstance(exact, complex) or not (math.isfinite(auto) and math.isfinite(exact)):
            event("skipped: not finite or not real")
            continue
        note(f"d/d{name} at {point}: autograd {auto!r}, SymPy {exact!r} = {partials[name].text}")
        if math.isclose(auto, exact, rel_tol=RELATIVE, abs_tol=max(ABSOLUTE, CANCELLATION * largest)):
            event("compared")
            continue
        assert inexact_forward(result.computation, point), "a wrong derivative, not float64 rounding"
        event("skipped: float64 missed an exact value in the forward pass")


# Rendering is cheap once Graphviz (WebAssembly) is loaded: 5,000 examples of two renders each took 33 s,
# so every example renders (no sampling).
@given(FORMULAS, st.data())
def test_the_graphs_of_every_generated_formula_render_to_svg(text, data):
    formula = parse(text)
    point = {name: data.draw(POINTS, label=name) for name in formula.variables}
    computation = forward(formula, point)
    _, graph = trace(computation)
    assert b"<svg" in svg(to_dot(graph))
    assert b"<svg" in svg(expression_dot(expression(formula, computation.values)))


# ------------------------------------------------------------------ arbitrary text
FORMULA_ALPHABET = st.sampled_from(
    list("0123456789.eExyzw+-*/^() ,\tπ×·−²³¹⁴#=_[]{}'\"\\\n\u00a0\u200b\u202eｘ") + [*FUNCTIONS, "pi", "**", "1e"]
)
TEXTS = st.one_of(st.text(), st.text(max_size=2000), st.lists(FORMULA_ALPHABET, max_size=40).map("".join))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_is_a_formula_or_one_formula_error(text):
    try:
        formula = parse(text)
    except FormulaError as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message and message.isprintable()
        assert f"at column {exc.start + 1}" in message
        assert 0 <= exc.start <= len(text) and exc.end > exc.start
        event("refused")
        return
    event("accepted")
    computation = forward(formula, dict.fromkeys(formula.variables, 0.5))  # no SymPy: 9^9^9 may be here
    _, graph = trace(computation)
    assert to_dot(graph).startswith("digraph autograd")
