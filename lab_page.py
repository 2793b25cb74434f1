"""The loss & optimizer lab page: collects the settings, runs explorer.lab, lays out results."""

from __future__ import annotations

import streamlit as st

from explorer.draw import to_dot
from explorer.figures import loss_curve_figure, path_figure
from explorer.graph import short
from explorer.lab import (
    LIMITS,
    MAX_LR,
    MOMENTUM,
    OPTIMIZERS,
    LabConfig,
    LabError,
    LabRun,
    largest_difference,
    loss_surface,
    printout,
    run_lab,
)

OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": f"SGD with momentum {MOMENTUM}", "adam": "Adam"}


@st.cache_data(max_entries=32, show_spinner=False)
def cached_run(config: LabConfig) -> LabRun:
    """A lab run depends on its settings alone (the seed fixes every random number)."""
    return run_lab(config)


def settings() -> LabConfig:
    st.session_state.setdefault("lab_steps", 20)
    row = st.columns(4)
    seed = row[0].number_input("seed", min_value=0, value=0, step=1, key="lab_seed", persist_state="session")
    batch = row[1].number_input("batch size N", 1, LIMITS["batch"], 5, key="lab_batch", persist_state="session")
    inputs = row[2].number_input("inputs I", 1, LIMITS["inputs"], 3, key="lab_inputs", persist_state="session")
    outputs = row[3].number_input("outputs O", 1, LIMITS["outputs"], 2, key="lab_outputs", persist_state="session")
    row = st.columns(4, vertical_alignment="bottom")
    lr = row[0].number_input("learning rate", min_value=1e-6, max_value=MAX_LR, value=0.01, step=0.01,
                             format="%.4g", key="lab_lr", persist_state="session")  # fmt: skip
    optimizer = row[1].selectbox("optimizer", OPTIMIZERS, format_func=OPTIMIZER_NAMES.get, key="lab_optimizer",
                                 persist_state="session")  # fmt: skip
    steps = row[2].number_input("training steps K", 1, LIMITS["steps"], key="lab_steps", persist_state="session")
    with row[3]:
        forget = st.toggle("forget zero_grad()", key="lab_forget", persist_state="session",
                           help="Without optimizer.zero_grad(), each backward() adds to .grad.")  # fmt: skip
        freeze = st.toggle("freeze the weight", key="lab_freeze", persist_state="session",
                           help="weight.requires_grad_(False): a frozen layer, as when fine-tuning.")  # fmt: skip
    return LabConfig(int(seed), int(batch), int(inputs), int(outputs), float(lr), optimizer, int(steps),
                     not forget, freeze)  # fmt: skip


def show_printout(run: LabRun) -> None:
    st.subheader("What PyTorch prints")
    st.code(printout(run, steps=False), language="python")
    diff_w = largest_difference(run.by_hand_weight, run.after_weight)
    diff_b = largest_difference(run.by_hand_bias, run.after_bias)
    st.markdown(f"Largest |by hand − `optimizer.step()`|: weight `{diff_w:.3g}`, bias `{diff_b:.3g}`.")
    if run.config.optimizer == "adam":
        st.caption("Adam's step is not w − lr·grad, so it differs from the update by hand: its first step moves "
                   "each parameter by about lr in the direction opposite to its gradient's sign.")  # fmt: skip
    elif run.config.optimizer == "momentum":
        st.caption("With momentum the first step equals plain SGD (the velocity starts as the gradient); later "
                   "steps build speed.")  # fmt: skip
    if run.config.freeze_weight:
        st.caption("The weight is frozen: no gradient, and neither the update by hand nor the optimizer moves it.")


def show_closed_form(run: LabRun) -> None:
    st.subheader("The closed form next to autograd")
    st.latex(r"L = \frac{1}{N\,O}\sum (\hat y - y)^2,\quad \hat y = x W^\top + b,\quad "
             r"\frac{\partial L}{\partial W} = \frac{2}{N\,O}(\hat y - y)^\top x,\quad "
             r"\frac{\partial L}{\partial b} = \frac{2}{N\,O}\sum_{\text{batch}} (\hat y - y)")  # fmt: skip
    pairs = [("dL/dW", run.closed_weight, run.grad_weight), ("dL/db", run.closed_bias, run.grad_bias)]
    for name, closed, autograd in pairs:
        if autograd is None:
            st.markdown(f"{name}: autograd computed none (the weight is frozen).")
        else:
            st.markdown(f"{name}: largest |closed form − autograd| = `{largest_difference(closed, autograd):.3g}`")


def show_graph(run: LabRun) -> None:
    st.subheader("The autograd graph of the loss")
    st.caption("The same graph module as for formulas. Tensors are shown by shape; pick a node to see its values. "
               "x and y need no gradient, so they are not part of the graph.")  # fmt: skip
    st.graphviz_chart(to_dot(run.graph, "loss"))
    labels = {f"{n.op} ({n.variable})" if n.variable else n.op: n for n in run.graph.nodes}
    chosen = st.selectbox("Show the tensors of", list(labels), key="lab_node")
    node = labels[chosen]
    value, grad = st.columns(2)
    value.markdown("**value**")
    value.code(repr(node.value) if node.value is not None else "not kept by PyTorch", language="python")
    grad.markdown("**gradient of the loss with respect to it**")
    grad.code(repr(node.grad) if node.grad is not None else "None", language="python")


def show_training(run: LabRun) -> None:
    st.subheader(f"Training: {run.config.steps} steps")
    st.plotly_chart(loss_curve_figure(run.losses, run.grad_norms), width="stretch", key="lab_loss_chart")
    first, last = run.losses[0], run.losses[-1]
    st.markdown(f"Loss `{short(first)}` → `{short(last)}`.")
    if not run.config.zero_grad:
        st.warning("zero_grad() is forgotten: every backward() adds its gradient to what .grad already holds, so "
                   "each step uses the sum of all gradients so far. The right panel shows them piling up; training "
                   "overshoots or oscillates instead of settling.")  # fmt: skip
    if run.path:
        ws, bs, loss = loss_surface(run)
        st.plotly_chart(path_figure(ws, bs, loss, run.path), width="stretch", key="lab_path_chart")
        st.caption("With one input and one output the model has two parameters, w and b: this is the loss over "
                   "them, and the path the optimizer took.")  # fmt: skip
    else:
        st.caption("Set inputs I = 1 and outputs O = 1 to see the path of the two parameters over the loss.")


st.title("Loss & optimizer lab")
st.caption("The tutorial's second half, live: a batch x = randn(N, I), targets y = randn(N, O), nn.Linear(I, O), "
           "MSELoss, loss.backward(), one SGD step by hand and one by optimizer.step(), then K steps of training.")
try:
    lab = cached_run(settings().check())
except LabError as exc:
    st.error(f"**Cannot run the lab.** {exc}")
else:
    show_printout(lab)
    show_closed_form(lab)
    show_graph(lab)
    show_training(lab)
