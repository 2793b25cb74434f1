"""What PyTorch printed and why, SymPy's derivatives next to autograd's, and the code view."""

from __future__ import annotations

import math

import streamlit as st

from explorer.build import Result
from explorer.code import script
from explorer.compare import BADGES, TOLERANCE, check
from explorer.explain import Finding
from explorer.parse import parse
from explorer.presets import Preset
from explorer.printing import latex_name
from explorer.report import output_name, printout
from explorer.symbolic import Symbolic, evaluate, symbolic
from explorer.tree import Formula
from ui.common import kept, lang, plain, tr


@st.cache_data(max_entries=256, show_spinner=False)
def cached_symbolic(text: str) -> Symbolic:
    """SymPy's derivatives depend on the formula text alone: computed once per formula."""
    return symbolic(parse(text))


def symbolic_with_spinner(text: str) -> Symbolic:
    """SymPy's derivatives, under a spinner the first time this session asks for a formula (shown only
    if it takes longer than half a second). Later reruns (a moved x) skip it: a spinner starts a timer
    thread, and the answer is already cached."""
    asked = st.session_state.setdefault("sympy_asked", [])
    if text in asked:
        return cached_symbolic(text)
    with st.spinner(tr("formula.sympy_working")):
        sym = cached_symbolic(text)
    asked[:] = [*asked[-7:], text]  # the last few formulas are enough: an older one just gets its spinner again
    return sym


def describe_number(label: str, value: float) -> str | None:
    if math.isnan(value):
        return tr("number.nan", label=label)
    if math.isinf(value):
        return tr("number.inf", label=label)
    return None


def tutorial_note(preset: Preset, point: dict[str, float], grads: dict[str, bool], dtype: str) -> str:
    """What the tutorial prints, and, when the page is no longer at the tutorial's settings, which differ."""
    note = tr("printout.tutorial", prints=", ".join(preset.prints), note=preset.localized_note(lang()))
    changes = [f"{n} = {point[n]:.6g}" for n in preset.point if point.get(n) != preset.point[n]]
    changes += [dtype] if dtype != "float32" else []
    changes += [tr("printout.frozen", name=n) for n in preset.point if not grads.get(n, True)]
    if not changes:
        return note
    at = tr("list.separator").join(f"{n} = {v:.6g}" for n, v in preset.point.items())
    return note + " " + tr("printout.differs", at=at, changes=tr("list.separator").join(changes))


def show_printout(formula: Formula, result: Result, preset: Preset | None, findings: list[Finding],
                  settings: tuple[dict[str, float], dict[str, bool], str]) -> None:  # fmt: skip
    st.subheader(tr("printout.heading"))
    st.code(printout(formula, result, output_name(formula)), language="python", wrap_lines=True)
    if preset is not None:
        st.caption(tutorial_note(preset, *settings))
    notes = [describe_number(output_name(formula), result.value.item())]
    notes += [describe_number(f"{n}.grad", g.item()) for n, g in result.grads.items() if g is not None]
    for note in filter(None, notes):
        st.warning(note)
    if findings:  # where the nan or inf was born, or where autograd chose a slope at a corner
        st.info("\n".join([tr("why.heading"), *(f"- {tr(f.key, **f.params)}" for f in findings)]))


def show_derivatives(formula: Formula, result: Result, point: dict[str, float], dtype: str, explained: bool) -> None:
    """SymPy's derivative of every variable, its value, and whether autograd agrees, and if not, why not."""
    st.subheader(tr("derivatives.heading"))
    sym = symbolic_with_spinner(formula.text)
    if not sym.ok:
        st.warning(tr("derivatives.gave_up", reason=plain(sym.reason)))
        return
    for name in formula.variables:
        partial = sym.partials[name]
        lhs = rf"\frac{{\partial {output_name(formula)}}}{{\partial {latex_name(name)}}}"
        st.latex(f"{lhs} = {partial.latex}" if partial.latex else rf"{lhs} = \text{{{tr('derivatives.too_long')}}}")
        exact = evaluate(partial.expr, point)
        grad = result.grads[name]
        verdict = check(None if grad is None else grad.item(), exact, dtype)
        if grad is None:
            said = tr("derivatives.autograd_none", name=name)
        elif verdict.verdict == "not_compared":
            said = tr(verdict.reason)
        else:
            said = tr("derivatives.autograd_value", value=f"{grad.item():.6g}", badge=tr(BADGES[verdict.verdict]),
                      tolerance=f"{TOLERANCE[dtype]:g}", dtype=dtype)  # fmt: skip
            if verdict.verdict == "differs":
                said += " " + tr(verdict.reason) + (" " + tr("compare.see_above") if explained else "")
        shown = f"{exact.real:.8g} + {exact.imag:.8g}i" if isinstance(exact, complex) else f"{exact:.8g}"
        st.markdown(tr("derivatives.at_point", exact=shown, verdict=said))


def show_code(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    """The computation as a script; written only while the expander is open, which it stays across reruns."""
    with st.expander(tr("code.expander"), **kept("code_expander", "code_open", False)) as expander:
        if not expander.open:
            return
        source = script(formula, point, grads, dtype)
        st.code(source, language="python")
        st.caption(tr("code.caption"))
        st.download_button(tr("code.download"), source, file_name="autograd_example.py", mime="text/x-python",
                           key="dl_code", on_click="ignore")  # fmt: skip
