"""What PyTorch printed and why, SymPy's derivatives next to autograd's, and the code view."""

from __future__ import annotations

import math

import streamlit as st

from explorer.formula.compare import BADGES, TOLERANCE
from explorer.formula.parser import parse
from explorer.formula.pipeline import FormulaRun
from explorer.formula.presets import Preset
from explorer.formula.printing import latex_name
from explorer.formula.script import script
from explorer.formula.symbolic import Symbolic
from explorer.formula.symbolic_job import symbolic
from explorer.formula.tree import Formula
from ui.common import kept, plain, tr


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


def tutorial_note(preset: Preset, point: dict[str, float], grads: dict[str, bool], dtype: str) -> str:
    """What the tutorial prints, and, when the page is no longer at the tutorial's settings, which differ."""
    note = tr("printout.tutorial", prints=", ".join(preset.prints), note=tr(preset.said_note))
    changes = [f"{n} = {point[n]:.6g}" for n in preset.point if point.get(n) != preset.point[n]]
    changes += [dtype] if dtype != "float32" else []
    changes += [tr("printout.frozen", name=n) for n in preset.point if not grads.get(n, True)]
    if not changes:
        return note
    at = tr("list.separator").join(f"{n} = {v:.6g}" for n, v in preset.point.items())
    return note + " " + tr("printout.differs", at=at, changes=tr("list.separator").join(changes))


def show_printout(ran: FormulaRun, preset: Preset | None) -> None:
    st.subheader(tr("printout.heading"))
    st.code(ran.printout(), language="python", wrap_lines=True)
    if preset is not None:
        st.caption(tutorial_note(preset, ran.point, ran.grads, ran.dtype))
    for label, value in ran.non_finite():
        st.warning(tr("number.nan" if math.isnan(value) else "number.inf", label=label))
    if ran.findings:  # where the nan or inf was born, or where autograd chose a slope at a corner
        st.info("\n".join([tr("why.heading"), *(f"- {tr(f.key, **f.params)}" for f in ran.findings)]))


def show_derivatives(ran: FormulaRun) -> None:
    """SymPy's derivative of every variable, its value, and whether autograd agrees, and if not, why not."""
    st.subheader(tr("derivatives.heading"))
    sym = symbolic_with_spinner(ran.formula.text)
    if not sym.ok:
        st.warning(tr("derivatives.gave_up", reason=plain(sym.reason)))
        return
    for c in ran.compared(sym):
        lhs = rf"\frac{{\partial {ran.output}}}{{\partial {latex_name(c.name)}}}"
        st.latex(f"{lhs} = {c.latex}" if c.latex else rf"{lhs} = \text{{{tr('derivatives.too_long')}}}")
        if c.autograd is None:
            said = tr("derivatives.autograd_none", name=c.name)
        elif c.check.verdict == "not_compared":
            said = tr(c.check.reason)
        else:
            said = tr("derivatives.autograd_value", value=f"{c.autograd:.6g}", badge=tr(BADGES[c.check.verdict]),
                      tolerance=f"{TOLERANCE[ran.dtype]:g}", dtype=ran.dtype)  # fmt: skip
            if c.check.verdict == "differs":
                said += " " + tr(c.check.reason) + (" " + tr("compare.see_above") if ran.findings else "")
        exact = c.exact
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
