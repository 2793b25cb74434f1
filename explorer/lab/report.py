"""Reading a lab run: the tutorial's printout, the CLI's JSON, whether training diverged, how far two
results differ, and the loss over (w, b) around the optimizer's path."""

from __future__ import annotations

import math

import torch

from explorer.lab.run import LabRun
from explorer.traced.wire import number as json_number

DIVERGED = 10.0  # the loss grew to this many times its start, or past any float: training diverged


def diverged(run: LabRun) -> bool:
    """Whether the steps made the loss grow instead of shrink (a learning rate too large overshoots)."""
    first, last = run.losses[0], run.losses[-1]
    return not math.isfinite(last) or last > DIVERGED * first


def printout(run: LabRun, steps: bool = True) -> str:
    """The tutorial's prints, in its order, then (with `steps`) the loss before each step when K > 1."""
    p = run.prints
    lines = [p["w"], p["b"], p["loss"], p["dL/dw"], p["dL/db"], "*** by hand", p["by hand"],
             "*** by optimizer.step()", p["by optimizer.step()"]]  # fmt: skip
    if steps and run.config.steps > 1:
        lines += [f"step {k + 1}: loss = {value:.4f}" for k, value in enumerate(run.losses)]
    return "\n".join(lines)


def largest_difference(a: torch.Tensor, b: torch.Tensor) -> float:
    return (a.detach().double() - b.detach().double()).abs().max().item()


def as_json(run: LabRun) -> dict:
    def listed(t: torch.Tensor | None) -> list | None:
        return None if t is None else t.detach().tolist()

    return {
        "x": listed(run.x), "y": listed(run.y), "weight": listed(run.weight), "bias": listed(run.bias),
        "loss": json_number(run.loss),
        "grad_weight": listed(run.grad_weight), "grad_bias": listed(run.grad_bias),
        "by_hand": {"weight": listed(run.by_hand_weight), "bias": listed(run.by_hand_bias)},
        "after_step": {"weight": listed(run.after_weight), "bias": listed(run.after_bias)},
        "losses": [json_number(v) for v in run.losses],
    }  # fmt: skip


def loss_surface(run: LabRun, points: int = 61) -> tuple[list[float], list[float], list[list[float]]]:
    """L(w, b) of the one-weight, one-bias case on a grid around the path: one batched pass."""
    ws = [w for w, _ in run.path]
    bs = [b for _, b in run.path]
    w_lo, w_hi = min(ws), max(ws)
    b_lo, b_hi = min(bs), max(bs)
    pad_w, pad_b = max(0.5, 0.5 * (w_hi - w_lo)), max(0.5, 0.5 * (b_hi - b_lo))
    w_grid = torch.linspace(w_lo - pad_w, w_hi + pad_w, points, dtype=torch.float64)
    b_grid = torch.linspace(b_lo - pad_b, b_hi + pad_b, points, dtype=torch.float64)
    x, y = run.x.double().reshape(1, 1, -1), run.y.double().reshape(1, 1, -1)
    w, b = w_grid.reshape(1, -1, 1), b_grid.reshape(-1, 1, 1)
    loss = ((x * w + b - y) ** 2).mean(dim=-1)  # rows follow b, columns follow w
    return w_grid.tolist(), b_grid.tolist(), loss.tolist()
