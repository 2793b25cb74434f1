"""A snippet's training, step by step: at every optimizer.step(), the loss of the backward() that came before
it, one element of each parameter before and after the step (element 0, or the one the page follows), and the
size of the .grad the step used (it piles up when zero_grad() is forgotten), recorded as plain numbers."""

from __future__ import annotations

import math

import torch

from explorer.traced.training import Training

MAX_STEPS = 1_000  # optimizer steps recorded


def _element(parameter: torch.Tensor, index: int) -> float:
    flat = parameter.detach().reshape(-1)
    return float(flat[index]) if 0 <= index < flat.numel() else math.nan


def step(training: Training, optimizer: torch.optim.Optimizer, names: dict[int, str], loss: float | None,
         follow: tuple[str, int] | None = None) -> None:  # fmt: skip
    """optimizer.step(), with what it moved and the gradients it used recorded around it."""
    parameters = [p for group in optimizer.param_groups for p in group["params"]]
    named = {names.get(id(p), f"param{i}"): p for i, p in enumerate(parameters)}
    if training.steps < MAX_STEPS:
        for name, p in named.items():
            if name not in training.names:
                training.names.append(name)
                training.shapes[name] = list(p.shape)
                training.followed[name] = follow[1] if follow and follow[0] == name else 0
        training.before.append({n: _element(p, training.followed[n]) for n, p in named.items()})
        training.grad_norms.append({n: None if p.grad is None else float(p.grad.norm()) for n, p in named.items()})
        training.losses.append(loss)
    optimizer.step()
    if len(training.after) < len(training.before):
        training.after.append({n: _element(p, training.followed[n]) for n, p in named.items()})
