"""autodiff-explorer: type a formula, see the autograd graph PyTorch builds for it.

This file only collects input, calls the pipeline in `explorer/` and lays out the results.
It reads top to bottom like the pipeline: parse -> build -> symbolic -> graph -> plots.
"""

from __future__ import annotations

import math
import re

import streamlit as st

from explorer.build import Result, run
from explorer.graph import autograd_graph, to_dot
from explorer.parse import Formula, FormulaError, latex_name, parse, to_latex
from explorer.plots import curve, curve_figure, default_range
from explorer.presets import PRESETS, Preset
from explorer.report import output_name, printout
from explorer.symbolic import Symbolic, evaluate, symbolic

st.set_page_config(page_title="autodiff-explorer", page_icon="∂", layout="wide")

DEFAULT_PRESET = PRESETS[5]  # the tutorial's example 5: (sqrt(x)+1)^3 at x=2
DEFAULT_VALUE = 1.0


# ------------------------------------------------------------------------- helpers
def plain(text: str) -> str:
    """Text shown through Markdown as it is: every ASCII punctuation mark escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$&:'\"])", r"\\\1", text)


@st.cache_data(max_entries=256, show_spinner=False)
def cached_symbolic(text: str) -> Symbolic:
    """SymPy's derivatives depend on the formula text alone: computed once per formula."""
    return symbolic(parse(text))


def apply_preset(preset: Preset) -> None:
    st.session_state["formula"] = preset.formula
    st.session_state["dtype"] = "float32"
    for name, value in preset.point.items():
        st.session_state[f"value:{name}"] = value
        st.session_state[f"grad:{name}"] = True
        st.session_state.setdefault("remembered", {})[name] = (value, True)
    for key in [k for k in st.session_state if str(k).startswith(("lo:", "hi:"))]:
        del st.session_state[key]
    st.session_state["preset"] = preset.label


def forget_preset() -> None:
    st.session_state.pop("preset", None)


# ---------------------------------------------------------------------- the inputs
def preset_buttons() -> None:
    st.sidebar.header("Examples")
    st.sidebar.caption("From the PyTorch autograd tutorial this app grew from. One click fills everything in.")
    for preset in PRESETS:
        st.sidebar.button(preset.label, key=f"preset:{preset.label}", on_click=apply_preset, args=(preset,),
                          width="stretch")  # fmt: skip


def formula_input() -> Formula | None:
    if "formula" not in st.session_state:
        apply_preset(DEFAULT_PRESET)
    text = st.text_input(
        "Formula (press Enter to apply)",
        key="formula",
        on_change=forget_preset,
        max_chars=None,
        placeholder="for example (sqrt(x)+1)^3 or (x+2y)^2",
        help="Numbers, variables such as x or w2, + - * / ^, implicit products like 2x, "
        "pi, e and sin cos tan asin acos atan sinh cosh tanh exp log ln log2 log10 sqrt abs sigmoid relu softplus.",
    )
    try:
        return parse(text)
    except FormulaError as exc:
        st.error(f"**Cannot read this formula.** {plain(str(exc))}")
        caret = " " * exc.start + "^" * max(1, min(exc.end, len(text)) - exc.start)
        st.code(f"{text}\n{caret}", language=None)
        return None


def variable_inputs(formula: Formula) -> tuple[dict[str, float], dict[str, bool]]:
    """A number input and a requires_grad switch per variable; values survive formula edits."""
    remembered: dict[str, tuple[float, bool]] = st.session_state.setdefault("remembered", {})
    point: dict[str, float] = {}
    grads: dict[str, bool] = {}
    per_row = 4
    names = formula.variables
    columns = [c for i in range(0, len(names), per_row) for c in st.columns(per_row)]
    for column, name in zip(columns, names, strict=False):
        value, grad = remembered.get(name, (DEFAULT_VALUE, True))
        st.session_state.setdefault(f"value:{name}", value)
        st.session_state.setdefault(f"grad:{name}", grad)
        with column:
            point[name] = float(st.number_input(name, key=f"value:{name}", format="%.6g", step=0.1))
            grads[name] = st.toggle("requires_grad", key=f"grad:{name}", help="Off: PyTorch does not track "
                                    f"{name}, and {name}.grad stays None (how layers are frozen for fine-tuning).")
        remembered[name] = (point[name], grads[name])  # fmt: skip
    if not formula.variables:
        st.info("This formula has no variables, so there is nothing to differentiate. Try x^2.")
    return point, grads


# ---------------------------------------------------------------------- the outputs
def describe_number(label: str, value: float) -> str | None:
    if math.isnan(value):
        return (f"{label} is nan (not a number): the formula is undefined here, for example sqrt or log of a "
                "negative number, 0/0, or inf - inf.")  # fmt: skip
    if math.isinf(value):
        return (f"{label} is infinite: for example a division by zero, log(0), or a result beyond the "
                "largest float (3.4e38 in float32).")  # fmt: skip
    return None


def show_printout(formula: Formula, result: Result, preset: Preset | None) -> None:
    st.subheader("What PyTorch prints")
    st.code(printout(formula, result, output_name(formula)), language="python")
    if preset is not None:
        st.caption(f"The tutorial prints: {', '.join(preset.prints)}. {preset.note}")
    notes = [describe_number(output_name(formula), result.value.item())]
    notes += [describe_number(f"{n}.grad", g.item()) for n, g in result.grads.items() if g is not None]
    for note in filter(None, notes):
        st.warning(note)


def show_derivatives(formula: Formula, result: Result, point: dict[str, float], dtype: str) -> None:
    st.subheader("Symbolic derivatives (SymPy)")
    sym = cached_symbolic(formula.text)
    if not sym.ok:
        st.warning(f"The symbolic side gave up: {plain(sym.reason)}. The numbers above come from PyTorch "
                   "and do not depend on it.")  # fmt: skip
        return
    tolerance = 1e-4 if dtype == "float32" else 1e-9
    for name in formula.variables:
        partial = sym.partials[name]
        lhs = rf"\frac{{\partial {output_name(formula)}}}{{\partial {latex_name(name)}}}"
        st.latex(f"{lhs} = {partial.latex}" if partial.latex else rf"{lhs} = \text{{(too long to show)}}")
        exact = evaluate(partial.expr, point)
        grad = result.grads[name]
        if isinstance(exact, complex):
            verdict = "SymPy's value here is not a real number."
        elif grad is None:
            verdict = f"Autograd: `None` ({name} has requires_grad off)."
        else:
            auto = grad.item()
            agree = math.isclose(auto, exact, rel_tol=tolerance, abs_tol=tolerance) or (
                math.isnan(auto) and math.isnan(exact)
            )
            badge = ":green-badge[agrees]" if agree else ":red-badge[differs]"
            verdict = f"Autograd: `{auto:.6g}` {badge} (tolerance {tolerance:g} for {dtype})."
        st.markdown(f"At this point SymPy gives `{exact:.8g}`. {verdict}")


def show_graph(formula: Formula, result: Result) -> None:
    st.subheader("The autograd graph")
    st.caption("Built by walking `y.grad_fn.next_functions`. Arrows point the way gradients flow in "
               "`backward()`: from the output down to the leaves (AccumulateGrad), which fill `.grad`.")  # fmt: skip
    graph = autograd_graph(result.computation.output, result.computation.leaves)
    st.graphviz_chart(to_dot(graph, output_name(formula)))


def show_plot(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    if not formula.variables:
        return
    st.subheader("f and its derivative")
    variable = formula.variables[0]
    if len(formula.variables) > 1:
        variable = st.selectbox("Plot against", formula.variables, key="plot_var",
                                help="The other variables stay at their current values.")  # fmt: skip
    lo_default, hi_default = default_range(point[variable])
    st.session_state.setdefault(f"lo:{variable}", lo_default)
    st.session_state.setdefault(f"hi:{variable}", hi_default)
    left, right = st.columns(2)
    lo = left.number_input("from", key=f"lo:{variable}", format="%.6g")
    hi = right.number_input("to", key=f"hi:{variable}", format="%.6g")
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        st.error("The plot range needs 'from' below 'to'.")
        return
    c = curve(formula, variable, point, lo, hi, dtype)
    grad = result.grads[variable]
    fig = curve_figure(c, point[variable], result.value.item(), None if grad is None else grad.item())
    gaps = sum(v is None for v in c.f)
    if gaps:
        st.caption(f"f is undefined or infinite at {gaps} of {len(c.f)} grid points: those are gaps in the curve.")
    st.plotly_chart(fig, width="stretch")


# --------------------------------------------------------------------------- the page
st.title("∂ autodiff-explorer")
st.caption("Type a formula. See the graph PyTorch's autograd records for it, the gradients `backward()` "
           "computes, and how they compare with the symbolic derivative.")  # fmt: skip
preset_buttons()
formula = formula_input()
if formula is not None:
    st.latex(f"{output_name(formula)} = {to_latex(formula)}")
    point, grads = variable_inputs(formula)
    dtype = st.radio("dtype", ["float32", "float64"], key="dtype", horizontal=True,
                     help="float32 is PyTorch's default, as in the tutorial.")  # fmt: skip
    preset = next((p for p in PRESETS if p.label == st.session_state.get("preset")), None)
    result = run(formula, point, grads, dtype)
    numbers, picture = st.columns([1, 1])
    with numbers:
        show_printout(formula, result, preset)
        show_derivatives(formula, result, point, dtype)
    with picture:
        show_graph(formula, result)
    show_plot(formula, point, result, dtype)
