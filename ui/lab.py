"""The loss & optimizer lab page: collects the settings, runs explorer.lab, lays out results."""

from __future__ import annotations

import functools

import streamlit as st

from explorer.draw.lab_figures import loss_curve_figure, path_figure
from explorer.i18n import Message
from explorer.lab.config import MOMENTUM, OPTIMIZERS, LabConfig, LabError
from explorer.lab.report import diverged, largest_difference, loss_surface, printout
from explorer.lab.run import LabRun, run_lab
from explorer.share.pages import LAB_PAGE
from ui import links
from ui.common import lang, number_field, tr, value_text
from ui.graph_panel import Parts, panel


def optimizer_name(optimizer: str, in_language: str) -> str:
    """An optimizer as the selectbox shows it; `in_language` is bound when the selectbox is made,
    as Streamlit may call a format function outside the script run."""
    momentum = Message("lab.optimizer.momentum", {"momentum": MOMENTUM}).say(in_language)
    return {"sgd": "SGD", "momentum": momentum, "adam": "Adam"}[optimizer]


@st.cache_data(max_entries=32, show_spinner=False)
def cached_run(config: LabConfig) -> LabRun:
    """A lab run depends on its settings alone (the seed fixes every random number)."""
    return run_lab(config)


def settings() -> LabConfig:
    """The settings as typed: whole numbers are checked by LabConfig, never rounded by the field."""
    row = st.columns(4)
    seed = number_field(tr("lab.seed"), "lab_seed", 0.0, container=row[0], step=1.0, fmt="%g")
    batch = number_field(tr("lab.batch"), "lab_batch", 5.0, container=row[1], step=1.0, fmt="%g")
    inputs = number_field(tr("lab.inputs"), "lab_inputs", 3.0, container=row[2], step=1.0, fmt="%g")
    outputs = number_field(tr("lab.outputs"), "lab_outputs", 2.0, container=row[3], step=1.0, fmt="%g")
    row = st.columns(4, vertical_alignment="bottom")
    lr = number_field(tr("lab.lr"), "lab_lr", 0.01, container=row[0], step=0.01, fmt="%.4g")
    shown = functools.partial(optimizer_name, in_language=lang())
    optimizer = row[1].selectbox(tr("lab.optimizer"), OPTIMIZERS, format_func=shown, key="lab_optimizer",
                                 persist_state="session")  # fmt: skip
    steps = number_field(tr("lab.steps"), "lab_steps", 20.0, container=row[2], step=1.0, fmt="%g")
    with row[3]:
        forget = st.toggle(tr("lab.forget"), key="lab_forget", persist_state="session",
                           help=tr("lab.forget_help"))  # fmt: skip
        freeze = st.toggle(tr("lab.freeze"), key="lab_freeze", persist_state="session",
                           help=tr("lab.freeze_help"))  # fmt: skip
    return LabConfig(seed, batch, inputs, outputs, lr, optimizer, steps, not forget, freeze)  # type: ignore[arg-type]


def show_printout(run: LabRun) -> None:
    st.subheader(tr("printout.heading"))
    st.code(printout(run, steps=False), language="python")
    diff_w = largest_difference(run.by_hand_weight, run.after_weight)
    diff_b = largest_difference(run.by_hand_bias, run.after_bias)
    st.markdown(tr("lab.largest", weight=f"{diff_w:.3g}", bias=f"{diff_b:.3g}"))
    if run.config.optimizer == "adam":
        st.caption(tr("lab.adam"))
    elif run.config.optimizer == "momentum":
        st.caption(tr("lab.momentum"))
    if run.config.freeze_weight:
        st.caption(tr("lab.frozen"))


def show_closed_form(run: LabRun) -> None:
    st.subheader(tr("lab.closed_heading"))
    st.latex(r"L = \frac{1}{N\,O}\sum (\hat y - y)^2,\quad \hat y = x W^\top + b,\quad "
             r"\frac{\partial L}{\partial W} = \frac{2}{N\,O}(\hat y - y)^\top x,\quad "
             r"\frac{\partial L}{\partial b} = \frac{2}{N\,O}\sum_{\text{batch}} (\hat y - y)")  # fmt: skip
    pairs = [("dL/dW", run.closed_weight, run.grad_weight), ("dL/db", run.closed_bias, run.grad_bias)]
    for name, closed, autograd in pairs:
        if autograd is None:
            st.markdown(tr("lab.closed_none", name=name))
        else:
            difference = f"{largest_difference(closed, autograd):.3g}"
            st.markdown(tr("lab.closed_difference", name=name, difference=difference))


def show_graph(run: LabRun) -> None:
    st.subheader(tr("lab.graph_heading"))
    st.caption(tr("lab.graph_caption"))
    panel(run.graph, "loss", Parts("lab_", controls=False, downloads=False))


def show_training(run: LabRun) -> None:
    st.subheader(tr("lab.training_heading", steps=run.config.steps))
    figure = loss_curve_figure(run.losses, run.grad_norms, lang())
    st.plotly_chart(figure, width="stretch", key="lab_loss_chart")
    first, last = run.losses[0], run.losses[-1]
    st.markdown(tr("lab.loss_change", first=value_text(first), last=value_text(last)))
    if diverged(run):
        st.warning(tr("lab.diverged", first=value_text(first), last=value_text(last), lr=f"{run.config.lr:g}"))
    if not run.config.zero_grad:
        st.warning(tr("lab.forgotten"))
    if run.path:
        ws, bs, loss = loss_surface(run)
        figure = path_figure(ws, bs, loss, run.path, lang())
        st.plotly_chart(figure, width="stretch", key="lab_path_chart")
        st.caption(tr("lab.path_caption"))
    else:
        st.caption(tr("lab.path_hint"))


st.title(tr("page.lab"))
st.caption(tr("lab.caption"))
links.warnings("lab")
try:
    lab = cached_run(settings().check())
except LabError as exc:
    st.error(tr("lab.cannot_run", error=tr(exc.said)))
else:
    show_printout(lab)
    show_closed_form(lab)
    show_graph(lab)
    show_training(lab)
links.save(LAB_PAGE)
