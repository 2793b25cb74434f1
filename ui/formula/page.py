"""The formula page: collects the input, calls the pipeline, lays out the sections in reading order."""

from __future__ import annotations

import streamlit as st

from explorer.formula.pipeline import run
from explorer.formula.printing import to_latex
from explorer.formula.report import output_name
from explorer.share.pages import FORMULA_PAGE
from ui import first_paint, links
from ui.common import tr
from ui.formula.beyond import show_beyond
from ui.formula.graph import show_graph
from ui.formula.inputs import current_preset, dtype_input, formula_input, preset_buttons, variable_inputs
from ui.formula.plots import show_plot
from ui.formula.results import show_code, show_derivatives, show_printout

st.title(tr("app.title"))
st.caption(tr("app.caption"))
preset_buttons()
links.warnings("formula")
formula = formula_input()
if formula is None:
    links.save(FORMULA_PAGE)
    st.stop()
st.latex(f"{output_name(formula)} = {to_latex(formula)}")
point, grads = variable_inputs(formula)
dtype = dtype_input()
ran = run(formula, point, grads, dtype)
printed, derived = st.columns([1, 1])
with printed:
    show_printout(ran, current_preset())
    show_code(formula, point, grads, dtype)
show_graph(ran)
show_plot(formula, point, ran.result, dtype)
show_beyond(formula, point, grads, dtype)
links.save(FORMULA_PAGE, formula.variables)
with derived:  # last: every PyTorch number is on the page before SymPy starts (up to 1.5 s)
    show_derivatives(ran)
first_paint.done()
