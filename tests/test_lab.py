"""The loss & optimizer lab (`python -m explorer lab`), checked against computations written here.

Everything the lab reports is recomputed in this file from the reported x, y and initial
weight and bias: the loss and its gradients in float64 (closed form and a float64 autograd run
of our own), SGD, SGD with momentum and Adam reimplemented by hand, gradients piling up without
zero_grad, a frozen weight, the printed text, the autograd graph and the (w, b) path.
Most cases call `explorer.__main__.main(argv)` in this process; two run `python -m explorer lab`.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from cli_support import assert_usage_error
from torch import nn

from explorer.__main__ import main
from explorer.lab.config import LIMITS, MAX_LR, LabConfig
from explorer.lab.run import run_lab

ROOT = Path(__file__).resolve().parents[1]
BETAS, EPS, MOMENTUM = (0.9, 0.999), 1e-8, 0.9  # PyTorch's Adam defaults; the lab's momentum


# ------------------------------------------------------------------------ helpers
def cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["lab", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def lab_json(capsys, *argv: str) -> dict:
    status, out, err = cli(capsys, *argv, "--json")
    assert (status, err) == (0, ""), err
    assert out.endswith("\n") and out.count("\n") == 1
    return json.loads(out)


def args(seed=0, batch=5, inputs=3, outputs=2, lr=0.01, optimizer="sgd", steps=1, zero_grad=True, freeze=False):
    argv = ["--seed", str(seed), "--batch", str(batch), "--inputs", str(inputs), "--outputs", str(outputs),
            "--lr", repr(lr), "--optimizer", optimizer, "--steps", str(steps)]  # fmt: skip
    return argv + ([] if zero_grad else ["--no-zero-grad"]) + (["--freeze-weight"] if freeze else [])


def arrays(data: dict) -> tuple[np.ndarray, ...]:
    """x, y, W, b from the JSON, as float64 (the float32 values exactly)."""
    return tuple(np.asarray(data[key], dtype=np.float64) for key in ("x", "y", "weight", "bias"))


def loss_and_grads(x, y, w, b) -> tuple[float, np.ndarray, np.ndarray]:
    """L = mean((x Wᵀ + b − y)²), dL/dW = 2/(N·O) (pred − y)ᵀ x, dL/db = 2/(N·O) Σ (pred − y), in float64."""
    residual = x @ w.T + b - y
    scale = 2.0 / residual.size
    return float(np.mean(residual**2)), scale * residual.T @ x, scale * residual.sum(axis=0)


def autograd64(x, y, w, b) -> tuple[float, np.ndarray, np.ndarray]:
    """The same loss and gradients by a float64 autograd run of our own (no nn.Linear, no MSELoss)."""
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    xt, yt = torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    loss = ((xt @ wt.T + bt - yt) ** 2).mean()
    loss.backward()
    return loss.item(), wt.grad.numpy(), bt.grad.numpy()


def close32(actual, expected, rtol=1e-5) -> None:
    """float32 against float64: relative, with an absolute floor at the array's own scale."""
    expected = np.asarray(expected, dtype=np.float64)
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), expected, rtol=rtol, atol=rtol * scale + 1e-12)


def train(x, y, w, b, lr, optimizer, steps, zero_grad=True, freeze=False):
    """K steps by hand in float64. Returns the loss before each step and (W, b) before each step and after the last.

    Without zero_grad, .grad holds the sum of every gradient so far and the optimizer sees that sum.
    A frozen weight gets no gradient and no update; only the bias trains.
    """
    w, b = w.copy(), b.copy()
    params = ["b"] if freeze else ["w", "b"]
    held = {"w": np.zeros_like(w), "b": np.zeros_like(b)}  # what .grad holds
    buf, m, v = {}, {"w": np.zeros_like(w), "b": np.zeros_like(b)}, {"w": np.zeros_like(w), "b": np.zeros_like(b)}
    losses, path = [], [(w.copy(), b.copy())]
    for t in range(1, steps + 1):
        loss, gw, gb = loss_and_grads(x, y, w, b)
        losses.append(loss)
        fresh = {"w": gw, "b": gb}
        for p in params:
            held[p] = fresh[p] if zero_grad else held[p] + fresh[p]
        value = {"w": w, "b": b}
        for p in params:
            g = held[p]
            if optimizer == "sgd":
                value[p] = value[p] - lr * g
            elif optimizer == "momentum":
                buf[p] = g.copy() if p not in buf else MOMENTUM * buf[p] + g
                value[p] = value[p] - lr * buf[p]
            else:  # Adam, PyTorch's defaults, bias-corrected
                m[p] = BETAS[0] * m[p] + (1 - BETAS[0]) * g
                v[p] = BETAS[1] * v[p] + (1 - BETAS[1]) * g * g
                m_hat, v_hat = m[p] / (1 - BETAS[0] ** t), v[p] / (1 - BETAS[1] ** t)
                value[p] = value[p] - lr * m_hat / (np.sqrt(v_hat) + EPS)
        w, b = value["w"], value["b"]
        path.append((w.copy(), b.copy()))
    return losses, path


SIZES = [(0, 5, 3, 2), (7, 1, 1, 1), (123, 17, 6, 4), (2024, 64, 10, 1), (99, 3, 1, 5)]


# ------------------------------------------------- 1. loss and gradients, independently
@pytest.mark.parametrize(("seed", "batch", "inputs", "outputs"), SIZES)
def test_loss_and_gradients_match_closed_form_and_own_autograd(capsys, seed, batch, inputs, outputs):
    data = lab_json(capsys, *args(seed, batch, inputs, outputs))
    x, y, w, b = arrays(data)
    assert x.shape == (batch, inputs) and y.shape == (batch, outputs)
    assert w.shape == (outputs, inputs) and b.shape == (outputs,)
    loss, gw, gb = loss_and_grads(x, y, w, b)
    auto_loss, auto_gw, auto_gb = autograd64(x, y, w, b)
    # the closed form and autograd agree to float64 precision, before either meets the lab
    assert auto_loss == pytest.approx(loss, rel=1e-13)
    np.testing.assert_allclose(auto_gw, gw, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(auto_gb, gb, rtol=1e-12, atol=1e-15)
    assert data["loss"] == pytest.approx(loss, rel=1e-5)
    for expected in (gw, auto_gw):
        close32(data["grad_weight"], expected)
    for expected in (gb, auto_gb):
        close32(data["grad_bias"], expected)
    assert data["losses"][0] == data["loss"]


def test_x_and_y_are_the_seeded_randn_draws(capsys):
    """x = randn(N, I) then y = randn(N, O) right after torch.manual_seed(seed)."""
    data = lab_json(capsys, *args(seed=31, batch=6, inputs=4, outputs=3))
    generator = torch.Generator().manual_seed(31)
    x = torch.randn(6, 4, generator=generator)
    y = torch.randn(6, 3, generator=generator)
    assert data["x"] == x.tolist()
    assert data["y"] == y.tolist()
    bound = 1 / math.sqrt(4)  # nn.Linear's initial values lie in [-1/sqrt(I), 1/sqrt(I)]
    assert all(abs(v) <= bound for row in data["weight"] for v in row)
    assert all(abs(v) <= bound for v in data["bias"])


# ------------------------------------------------------ 2. the step by hand and the first step
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize(("seed", "lr"), [(0, 0.01), (5, 0.3), (42, 2.5)])
def test_by_hand_is_one_sgd_step(capsys, optimizer, seed, lr):
    data = lab_json(capsys, *args(seed, 9, 4, 3, lr=lr, optimizer=optimizer))
    x, y, w, b = arrays(data)
    _, gw, gb = loss_and_grads(x, y, w, b)
    gw32, gb32 = np.asarray(data["grad_weight"]), np.asarray(data["grad_bias"])
    # by hand: w − lr·w.grad with the reported gradient (one float32 rounding), and near the float64 value
    np.testing.assert_allclose(data["by_hand"]["weight"], w - lr * gw32, rtol=2e-7, atol=1e-7 * (1 + lr))
    np.testing.assert_allclose(data["by_hand"]["bias"], b - lr * gb32, rtol=2e-7, atol=1e-7 * (1 + lr))
    close32(np.asarray(data["by_hand"]["weight"]) - w, -lr * gw, rtol=1e-4)
    close32(np.asarray(data["by_hand"]["bias"]) - b, -lr * gb, rtol=1e-4)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
@pytest.mark.parametrize(("seed", "lr"), [(0, 0.01), (1, 0.37), (8, 0.1), (42, 2.5), (77, 0.003)])
def test_first_sgd_and_momentum_step_equals_the_step_by_hand_exactly(capsys, optimizer, seed, lr):
    data = lab_json(capsys, *args(seed, 7, 4, 3, lr=lr, optimizer=optimizer))
    # the lab's claim: the largest absolute difference is 0, not one float32 ulp
    assert data["after_step"] == data["by_hand"]
    assert data["after_step"]["weight"] != data["weight"]


@pytest.mark.parametrize(("seed", "lr"), [(0, 0.01), (3, 0.1), (11, 1.0)])
def test_first_adam_step_is_lr_times_sign_of_gradient(capsys, seed, lr):
    data = lab_json(capsys, *args(seed, 8, 3, 2, lr=lr, optimizer="adam"))
    x, y, w, b = arrays(data)
    _, gw, gb = loss_and_grads(x, y, w, b)
    for name, start, g in (("weight", w, gw), ("bias", b, gb)):
        after = np.asarray(data["after_step"][name])
        # exactly: lr·g/(|g| + eps); approximately lr·sign(g)
        np.testing.assert_allclose(after, start - lr * g / (np.abs(g) + EPS), rtol=0, atol=1e-6 * (1 + lr))
        np.testing.assert_allclose(after - start, -lr * np.sign(g), rtol=1e-5, atol=1e-6)
    # Adam's first step is not the SGD step by hand (unless |lr·g| happened to equal lr everywhere)
    assert data["after_step"] != data["by_hand"]


# ----------------------------------------------------------- 3. K steps of each optimizer
TRAINING = [(0, 5, 3, 2, 0.05), (17, 12, 4, 3, 0.01), (2718, 30, 1, 1, 0.1), (4, 2, 6, 2, 0.2)]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize(("seed", "batch", "inputs", "outputs", "lr"), TRAINING)
def test_training_losses_match_own_optimizer(capsys, optimizer, seed, batch, inputs, outputs, lr):
    steps = 20
    data = lab_json(capsys, *args(seed, batch, inputs, outputs, lr=lr, optimizer=optimizer, steps=steps))
    x, y, w, b = arrays(data)
    losses, path = train(x, y, w, b, lr, optimizer, steps)
    assert len(data["losses"]) == steps
    np.testing.assert_allclose(data["losses"], losses, rtol=1e-4 * (1 + steps / 20), atol=1e-7)
    # the first optimizer.step() also agrees with ours
    close32(data["after_step"]["weight"], path[1][0], rtol=1e-4)
    close32(data["after_step"]["bias"], path[1][1], rtol=1e-4)
    # and training with a sensible learning rate goes downhill overall
    assert data["losses"][-1] < data["losses"][0]


def test_optimizers_train_differently(capsys):
    argv = {opt: args(3, 10, 3, 2, lr=0.05, optimizer=opt, steps=6) for opt in ("sgd", "momentum", "adam")}
    runs = {opt: lab_json(capsys, *a) for opt, a in argv.items()}
    assert runs["sgd"]["x"] == runs["momentum"]["x"] == runs["adam"]["x"]
    assert runs["sgd"]["losses"][0] == runs["momentum"]["losses"][0] == runs["adam"]["losses"][0]
    # sgd and momentum only part after their first step; adam from the first
    assert runs["sgd"]["losses"][1] == pytest.approx(runs["momentum"]["losses"][1], rel=1e-6)
    assert runs["sgd"]["losses"][2:] != runs["momentum"]["losses"][2:]
    assert runs["adam"]["losses"][1] != pytest.approx(runs["sgd"]["losses"][1], rel=1e-4)


# -------------------------------------------------------- 4. no zero_grad, frozen weight
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize(("seed", "lr"), [(0, 0.02), (9, 0.005)])
def test_without_zero_grad_gradients_pile_up(capsys, optimizer, seed, lr):
    steps = 20
    data = lab_json(capsys, *args(seed, 6, 3, 2, lr=lr, optimizer=optimizer, steps=steps, zero_grad=False))
    x, y, w, b = arrays(data)
    piled, _ = train(x, y, w, b, lr, optimizer, steps, zero_grad=False)
    np.testing.assert_allclose(data["losses"], piled, rtol=2e-4, atol=1e-7)
    # our own run with zero_grad ends well outside that tolerance, so the comparison tells them apart
    cleared, _ = train(x, y, w, b, lr, optimizer, steps)
    assert abs(piled[-1] - cleared[-1]) > 2e-3 * abs(cleared[-1])
    normal = lab_json(capsys, *args(seed, 6, 3, 2, lr=lr, optimizer=optimizer, steps=steps))
    assert normal["x"] == data["x"] and normal["weight"] == data["weight"]
    np.testing.assert_allclose(normal["losses"], cleared, rtol=2e-4, atol=1e-7)
    assert data["losses"][:2] == normal["losses"][:2]  # the first step is the same either way
    assert all(p != n for p, n in zip(data["losses"][2:], normal["losses"][2:], strict=True))
    assert data["losses"][-1] != pytest.approx(normal["losses"][-1], rel=2e-3)


def test_without_zero_grad_the_first_step_is_unchanged(capsys):
    normal = lab_json(capsys, *args(6, 5, 3, 2, lr=0.1, steps=3))
    piled = lab_json(capsys, *args(6, 5, 3, 2, lr=0.1, steps=3, zero_grad=False))
    for key in ("loss", "grad_weight", "grad_bias", "by_hand", "after_step"):
        assert piled[key] == normal[key], key


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize(("seed", "batch", "inputs", "outputs", "lr"), [(0, 5, 3, 2, 0.05), (21, 9, 1, 1, 0.2)])
def test_frozen_weight_only_the_bias_trains(capsys, optimizer, seed, batch, inputs, outputs, lr):
    steps = 20
    data = lab_json(capsys, *args(seed, batch, inputs, outputs, lr=lr, optimizer=optimizer, steps=steps, freeze=True))
    x, y, w, b = arrays(data)
    assert data["grad_weight"] is None
    assert data["after_step"]["weight"] == data["weight"]
    assert data["by_hand"]["weight"] == data["weight"]
    assert data["after_step"]["bias"] != data["bias"]
    loss, _, gb = loss_and_grads(x, y, w, b)
    assert data["loss"] == pytest.approx(loss, rel=1e-5)
    close32(data["grad_bias"], gb)
    losses, path = train(x, y, w, b, lr, optimizer, steps, freeze=True)
    assert all(np.array_equal(point_w, w) for point_w, _ in path)  # our weight never moves either
    np.testing.assert_allclose(data["losses"], losses, rtol=1e-4, atol=1e-7)
    close32(data["after_step"]["bias"], path[1][1], rtol=1e-4)
    # a frozen weight trains differently from a free one
    free, _ = train(x, y, w, b, lr, optimizer, steps)
    assert abs(free[-1] - losses[-1]) > 1e-4 * losses[-1]


def test_frozen_weight_path_keeps_w(capsys):
    run = run_lab(LabConfig(seed=2, batch=4, inputs=1, outputs=1, lr=0.3, steps=8, freeze_weight=True))
    assert len(run.path) == 9
    assert {w for w, _ in run.path} == {run.weight.item()}
    assert len({b for _, b in run.path}) == 9


# --------------------------------------------------------------------- 5. plain output
def sub_tensor(values: torch.Tensor) -> torch.Tensor:
    """A tensor with these values and grad_fn=<SubBackward0>, as `w - lr * w.grad` prints."""
    return values - torch.zeros_like(values, requires_grad=True)


def test_plain_output_exactly_as_torch_prints_it(capsys):
    lr, steps = 0.1, 4
    data = lab_json(capsys, *args(3, 4, 3, 2, lr=lr, steps=steps))
    status, out, err = cli(capsys, *args(3, 4, 3, 2, lr=lr, steps=steps))
    assert (status, err) == (0, "")
    # rebuild the tutorial's script in float32 from the reported x, y, w, b
    x, y = torch.tensor(data["x"]), torch.tensor(data["y"])
    w, b = nn.Parameter(torch.tensor(data["weight"])), nn.Parameter(torch.tensor(data["bias"]))
    loss = F.mse_loss(x @ w.T + b, y)
    loss.backward()
    hand_w = (w.detach().double() - lr * w.grad.double()).float()
    hand_b = (b.detach().double() - lr * b.grad.double()).float()
    losses, _ = train(*arrays(data), lr, "sgd", steps)
    expected = [
        f"w: {w!r}", f"b: {b!r}", f"loss: {loss!r}", f"dL/dw: {w.grad!r}", f"dL/db: {b.grad!r}",
        "*** by hand", repr(sub_tensor(hand_w)), repr(sub_tensor(hand_b)),
        "*** by optimizer.step()", repr(nn.Parameter(hand_w)), repr(nn.Parameter(hand_b)),
    ] + [f"step {k + 1}: loss = {value:.4f}" for k, value in enumerate(losses)]  # fmt: skip
    assert out == "\n".join(expected) + "\n"
    assert "grad_fn=<MseLossBackward0>)" in expected[2]


LINE_PATTERNS = [
    r"w: Parameter containing:$", r"tensor\(", r"b: Parameter containing:$", r"tensor\(",
    r"loss: tensor\(-?\d+\.\d+(e[+-]\d+)?, grad_fn=<MseLossBackward0>\)$", r"dL/dw: tensor\(", r"dL/db: tensor\(",
    r"\*\*\* by hand$", r"tensor\(", r"tensor\(", r"\*\*\* by optimizer\.step\(\)$",
    r"Parameter containing:$", r"tensor\(", r"Parameter containing:$", r"tensor\(",
]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "steps"),
    [(args(), 1), (args(1, 8, 1, 1, optimizer="adam", steps=5), 5),
     (args(2, 3, 4, 2, optimizer="momentum", steps=3), 3), (args(4, 5, 2, 3, steps=2, zero_grad=False), 2)],
)  # fmt: skip
def test_plain_output_structure(capsys, argv, steps):
    status, out, err = cli(capsys, *argv)
    assert (status, err) == (0, "")
    data = lab_json(capsys, *argv)
    # tensors may span several lines; the lines that start a block come in the tutorial's order
    starts = [line for line in out.splitlines() if not line.startswith(" ")]
    step_lines = starts[len(LINE_PATTERNS) :]
    for pattern, line in zip(LINE_PATTERNS, starts, strict=False):
        assert re.match(pattern, line), (pattern, line)
    blocks = out.split("*** by hand\n")[1].split("*** by optimizer.step()\n")
    assert blocks[0].count("grad_fn=<SubBackward0>)") == 2
    assert blocks[1].count("requires_grad=True)") == 2 and "grad_fn" not in blocks[1]
    if steps == 1:
        assert step_lines == [] and "step " not in out
    else:
        assert step_lines == [f"step {k + 1}: loss = {v:.4f}" for k, v in enumerate(data["losses"])]
        assert len(step_lines) == steps


def test_plain_output_frozen_weight(capsys):
    status, out, _ = cli(capsys, *args(freeze=True, steps=2))
    assert status == 0
    lines = out.splitlines()
    assert lines[lines.index("*** by hand") - 1].startswith("dL/db: tensor(")
    assert "dL/dw: None" in lines
    assert out.count("grad_fn=<SubBackward0>)") == 1  # only the bias is stepped by hand
    assert lines[0] == "w: Parameter containing:" and "requires_grad" not in lines[2]


# ------------------------------------------------------------------------- 6. the graph
def test_graph_of_the_loss():
    run = run_lab(LabConfig(seed=4, batch=6, inputs=3, outputs=2))
    graph = run.graph
    ops = sorted(n.op for n in graph.nodes)
    assert ops == sorted(["MseLossBackward0", "AddmmBackward0", "TBackward0", "AccumulateGrad", "AccumulateGrad"])
    by_op = {n.op: n for n in graph.nodes if n.op != "AccumulateGrad"}
    leaves = {n.variable: n for n in graph.nodes if n.op == "AccumulateGrad"}
    assert set(leaves) == {"weight", "bias"}
    assert graph.root.op == "MseLossBackward0"
    ids = {n.id: (n.op, n.variable) for n in graph.nodes}
    edges = {(ids[e.source], ids[e.target]) for e in graph.edges}
    assert edges == {
        (("MseLossBackward0", None), ("AddmmBackward0", None)),
        (("AddmmBackward0", None), ("AccumulateGrad", "bias")),
        (("AddmmBackward0", None), ("TBackward0", None)),
        (("TBackward0", None), ("AccumulateGrad", "weight")),
    }
    # the leaves' gradients are the reported ones, and our own closed form
    assert torch.equal(leaves["weight"].grad, run.grad_weight)
    assert torch.equal(leaves["bias"].grad, run.grad_bias)
    x, y, w, b = (t.double().numpy() for t in (run.x, run.y, run.weight, run.bias))
    loss, gw, gb = loss_and_grads(x, y, w, b)
    close32(leaves["weight"].grad.numpy(), gw)
    close32(leaves["bias"].grad.numpy(), gb)
    assert torch.equal(leaves["weight"].value, run.weight) and torch.equal(leaves["bias"].value, run.bias)
    assert by_op["MseLossBackward0"].value.item() == pytest.approx(loss, rel=1e-5)
    assert by_op["MseLossBackward0"].grad.item() == 1.0
    # the transpose sends the weight's gradient on, transposed
    assert torch.equal(by_op["TBackward0"].grad, run.grad_weight.T)
    order = graph.backward_order
    assert order[0] == by_op["MseLossBackward0"].id
    assert sorted(order) == sorted(ids)
    position = {node: order.index(node) for node in order}
    assert position[by_op["AddmmBackward0"].id] < position[by_op["TBackward0"].id] < position[leaves["weight"].id]


def test_graph_values_for_one_sample_one_weight():
    run = run_lab(LabConfig(seed=12, batch=1, inputs=1, outputs=1, lr=0.5))
    nodes = {(n.op, n.variable): n for n in run.graph.nodes}
    mse, addmm = nodes["MseLossBackward0", None], nodes["AddmmBackward0", None]
    weight, bias = nodes["AccumulateGrad", "weight"], nodes["AccumulateGrad", "bias"]
    assert mse.value.shape == () and addmm.value.shape == (1, 1)
    assert weight.value.shape == (1, 1) and bias.value.shape == (1,)
    assert weight.grad.shape == (1, 1) and bias.grad.shape == (1,)
    xv, yv, wv, bv = run.x.item(), run.y.item(), run.weight.item(), run.bias.item()
    pred = xv * wv + bv
    assert addmm.value.item() == pytest.approx(pred, rel=1e-6, abs=1e-7)
    assert mse.value.item() == pytest.approx((pred - yv) ** 2, rel=1e-5)
    assert addmm.grad.item() == pytest.approx(2 * (pred - yv), rel=1e-5)  # dL/dpred
    assert weight.grad.item() == pytest.approx(2 * (pred - yv) * xv, rel=1e-5)
    assert bias.grad.item() == pytest.approx(2 * (pred - yv), rel=1e-5)


# ----------------------------------------------------------------------------- 7. bounds
BAD = [
    *[([f"--{name}", value], [name, f"{LIMITS[name]:,}", value])
      for name in ("batch", "inputs", "outputs", "steps") for value in ("0", "-3", str(LIMITS[name] + 1))],
    *[(["--lr", value], ["learning rate", f"{MAX_LR:g}", shown])
      for value, shown in (("0", "0"), ("-0.5", "-0.5"), (str(MAX_LR * 1.5), "15"), ("nan", "nan"), ("inf", "inf"))],
    (["--optimizer", "rmsprop"], ["--optimizer", "rmsprop", "sgd", "momentum", "adam"]),
    (["--seed", "1.5"], ["--seed", "int", "1.5"]),
    (["--seed", "abc"], ["--seed", "int", "abc"]),
    (["--seed", "-1"], ["seed", "2**63 - 1", "-1"]),
    (["--seed", str(2**63)], ["seed", "2**63 - 1"]),
    (["--batch", "2.5"], ["--batch", "int"]),
    (["--steps", "ten"], ["--steps", "int"]),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "words"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_out_of_bounds_is_one_error_line(capsys, argv, words):
    message = assert_usage_error(*cli(capsys, *argv))
    for word in words:
        assert word in message, (word, message)
    # the same mistake with --json is the same error
    assert assert_usage_error(*cli(capsys, *argv, "--json")) == message


def test_limits_themselves_are_allowed(capsys):
    data = lab_json(capsys, "--batch", "1", "--inputs", str(LIMITS["inputs"]), "--outputs", "1", "--lr", f"{MAX_LR:g}")
    assert len(data["weight"][0]) == LIMITS["inputs"]
    assert lab_json(capsys, "--seed", str(2**63 - 1), "--batch", "2")["x"]


# ------------------------------------------------------------------------ 8. determinism
def test_same_arguments_same_json_text(capsys):
    argv = args(5, 7, 3, 2, lr=0.05, optimizer="adam", steps=10)
    first = cli(capsys, *argv, "--json")
    second = cli(capsys, *argv, "--json")
    assert first[0] == 0 and first == second
    run_lab(LabConfig(seed=999))  # other seeds in between change nothing
    assert cli(capsys, *argv, "--json") == first


def test_different_seeds_different_data(capsys):
    runs = [lab_json(capsys, *args(seed)) for seed in (0, 1, 2)]
    xs = [json.dumps(r["x"]) for r in runs]
    assert len(set(xs)) == 3
    assert runs[0]["weight"] != runs[1]["weight"]


@pytest.fixture(scope="module")
def real_runs() -> dict[str, subprocess.CompletedProcess]:
    """Two real `python -m explorer lab` processes, started together."""
    argvs = {"json": args(5, 7, 3, 2, lr=0.05, optimizer="adam", steps=10) + ["--json"], "error": ["--batch", "0"]}
    procs = {
        key: subprocess.Popen([sys.executable, "-m", "explorer", "lab", *argv], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for key, argv in argvs.items()
    }  # fmt: skip
    done = {}
    for key, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        done[key] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return done


def test_real_process_json_equals_in_process(capsys, real_runs):
    run_ = real_runs["json"]
    assert (run_.returncode, run_.stderr) == (0, "")
    status, out, _ = cli(capsys, *args(5, 7, 3, 2, lr=0.05, optimizer="adam", steps=10), "--json")
    assert status == 0 and run_.stdout == out


def test_real_process_error(real_runs):
    run_ = real_runs["error"]
    message = assert_usage_error(run_.returncode, run_.stdout, run_.stderr)
    assert message == f"error: batch must be a whole number from 1 to {LIMITS['batch']:,}, not 0"


# -------------------------------------------------------------- 9. the (w, b) path
@pytest.mark.parametrize(("seed", "batch", "lr", "steps"), [(0, 5, 0.1, 20), (3, 1, 0.4, 12), (50, 40, 0.05, 25)])
def test_two_parameter_path_follows_the_negative_gradient(seed, batch, lr, steps):
    run = run_lab(LabConfig(seed=seed, batch=batch, inputs=1, outputs=1, lr=lr, steps=steps))
    path = run.path
    assert len(path) == steps + 1
    assert path[0] == (run.weight.item(), run.bias.item())
    x, y = run.x.double().numpy(), run.y.double().numpy()
    for k in range(steps):  # each step from where it was: −lr·gradient, as float32 allows
        w, b = path[k]
        _, gw, gb = loss_and_grads(x, y, np.array([[w]]), np.array([b]))
        assert path[k + 1][0] == pytest.approx(w - lr * gw.item(), rel=1e-5, abs=1e-6), k
        assert path[k + 1][1] == pytest.approx(b - lr * gb.item(), rel=1e-5, abs=1e-6), k
    # and the whole path is our own SGD run from the initial point
    losses, ours = train(x, y, run.weight.double().numpy(), run.bias.double().numpy(), lr, "sgd", steps)
    np.testing.assert_allclose([p[0] for p in path], [p[0].item() for p in ours], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose([p[1] for p in path], [p[1].item() for p in ours], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(run.losses, losses, rtol=1e-4, atol=1e-7)  # one sample: the loss may reach ~0


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_two_parameter_path_other_optimizers(optimizer):
    run = run_lab(LabConfig(seed=8, batch=10, inputs=1, outputs=1, lr=0.05, optimizer=optimizer, steps=20))
    x, y = run.x.double().numpy(), run.y.double().numpy()
    _, ours = train(x, y, run.weight.double().numpy(), run.bias.double().numpy(), 0.05, optimizer, 20)
    assert len(run.path) == 21
    np.testing.assert_allclose(np.array(run.path), [[w.item(), b.item()] for w, b in ours], rtol=1e-4, atol=1e-6)


def test_no_path_without_two_parameters():
    assert run_lab(LabConfig(inputs=2, outputs=1, steps=3)).path == []
    assert run_lab(LabConfig(inputs=1, outputs=2, steps=3)).path == []
