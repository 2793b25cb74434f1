"""What PyTorch printed and why, SymPy's derivatives next to autograd's, and the code view."""

from __future__ import annotations

import math

import streamlit as st

from explorer.build import Result
from explorer.code import script
from explorer.explain import Finding
from explorer.parse import Formula, latex_name, parse
from explorer.presets import Preset
from explorer.report import output_name, printout
from explorer.symbolic import Symbolic, evaluate, symbolic
from ui.common import lang, plain, tr


@st.cache_data(max_entries=256, show_spinner=False)
def cached_symbolic(text: str) -> Symbolic:
    """SymPy's derivatives depend on the formula text alone: computed once per formula."""
    return symbolic(parse(text))


def describe_number(label: str, value: float) -> str | None:
    if math.isnan(value):
        return tr("number.nan", label=label)
    if math.isinf(value):
        return tr("number.inf", label=label)
    return None


def show_printout(formula: Formula, result: Result, preset: Preset | None, findings: list[Finding]) -> None:
    st.subheader(tr("printout.heading"))
    st.code(printout(formula, result, output_name(formula)), language="python")
    if preset is not None:
        st.caption(tr("printout.tutorial", prints=", ".join(preset.prints), note=preset.localized_note(lang())))
    notes = [describe_number(output_name(formula), result.value.item())]
    notes += [describe_number(f"{n}.grad", g.item()) for n, g in result.grads.items() if g is not None]
    for note in filter(None, notes):
        st.warning(note)
    if findings:  # where the nan or inf was born, or where autograd chose a slope at a corner
        st.info("\n".join([tr("why.heading"), *(f"- {tr(f.key, **f.params)}" for f in findings)]))


def show_derivatives(formula: Formula, result: Result, point: dict[str, float], dtype: str) -> None:
    st.subheader(tr("derivatives.heading"))
    sym = cached_symbolic(formula.text)
    if not sym.ok:
        st.warning(tr("derivatives.gave_up", reason=plain(sym.reason)))
        return
    tolerance = 1e-4 if dtype == "float32" else 1e-9
    for name in formula.variables:
        partial = sym.partials[name]
        lhs = rf"\frac{{\partial {output_name(formula)}}}{{\partial {latex_name(name)}}}"
        st.latex(f"{lhs} = {partial.latex}" if partial.latex else rf"{lhs} = \text{{{tr('derivatives.too_long')}}}")
        exact = evaluate(partial.expr, point)
        grad = result.grads[name]
        if isinstance(exact, complex):
            verdict = tr("derivatives.not_real")
        elif grad is None:
            verdict = tr("derivatives.autograd_none", name=name)
        else:
            auto = grad.item()
            agree = math.isclose(auto, exact, rel_tol=tolerance, abs_tol=tolerance) or (
                math.isnan(auto) and math.isnan(exact)
            )
            badge = tr("badge.agrees") if agree else tr("badge.differs")
            verdict = tr("derivatives.autograd_value", value=f"{auto:.6g}", badge=badge, tolerance=f"{tolerance:g}",
                         dtype=dtype)  # fmt: skip
        st.markdown(tr("derivatives.at_point", exact=f"{exact:.8g}", verdict=verdict))


def show_code(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    with st.expander(tr("code.expander")):
        source = script(formula, point, grads, dtype)
        st.code(source, language="python")
        st.caption(tr("code.caption"))
        st.download_button(tr("code.download"), source, file_name="autograd_example.py", mime="text/x-python",
                           key="dl_code", on_click="ignore")  # fmt: skip
