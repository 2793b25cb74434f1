"""Running the lab: the tutorial's script with a LabConfig's settings, K training steps, and the closed form
the gradients are checked against; what it produced is a LabRun."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from explorer.lab.config import MOMENTUM, LabConfig
from explorer.traced.graph import Graph
from explorer.traced.watch import seed_of, watch


@dataclass
class LabRun:
    """What the run produced: initial values, the first backward and step, and training."""

    config: LabConfig
    x: torch.Tensor
    y: torch.Tensor
    weight: torch.Tensor  # initial values
    bias: torch.Tensor
    loss: torch.Tensor  # the first loss, with its grad_fn, as printed
    grad_weight: torch.Tensor | None  # from the first backward (None when the weight is frozen)
    grad_bias: torch.Tensor | None
    by_hand_weight: torch.Tensor  # one SGD step by hand: w - lr * w.grad (as printed)
    by_hand_bias: torch.Tensor
    after_weight: torch.Tensor  # after the first optimizer.step()
    after_bias: torch.Tensor
    losses: list[float]  # the loss before each of the K steps
    grad_norms: list[float]  # |dL/dW| + |dL/db| as .grad holds them at each step (they pile up without zero_grad)
    path: list[tuple[float, float]]  # (w, b) before each step and after the last, when there are 2 parameters
    graph: Graph
    closed_weight: torch.Tensor = field(repr=False, default=None)  # type: ignore[assignment]
    closed_bias: torch.Tensor = field(repr=False, default=None)  # type: ignore[assignment]
    prints: dict[str, str] = field(default_factory=dict)  # the tutorial's printed lines, by name


def _optimizer(config: LabConfig, params: list[nn.Parameter]) -> torch.optim.Optimizer:
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr)
    momentum = MOMENTUM if config.optimizer == "momentum" else 0.0
    return torch.optim.SGD(params, lr=config.lr, momentum=momentum)


def closed_form(x: torch.Tensor, y: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor):
    """dL/dW = 2/(N·O) (pred − y)ᵀ x and dL/db = 2/(N·O) Σ_batch (pred − y), for L = mean((xWᵀ + b − y)²)."""
    with torch.no_grad():
        residual = x @ weight.T + bias - y
        scale = 2.0 / residual.numel()
        return scale * residual.T @ x, scale * residual.sum(dim=0)


def run_lab(config: LabConfig) -> LabRun:
    """The tutorial's script with these settings, then K - 1 more training steps."""
    config = config.check()
    torch.manual_seed(config.seed)
    x = torch.randn(config.batch, config.inputs)
    y = torch.randn(config.batch, config.outputs)
    linear = nn.Linear(config.inputs, config.outputs)
    if config.freeze_weight:
        linear.weight.requires_grad_(False)  # a frozen layer, as when fine-tuning
    prints = {"w": f"w: {linear.weight!r}", "b": f"b: {linear.bias!r}"}
    weight0, bias0 = linear.weight.detach().clone(), linear.bias.detach().clone()
    criterion = nn.MSELoss()
    optimizer = _optimizer(config, [p for p in linear.parameters() if p.requires_grad])
    two = config.inputs == 1 and config.outputs == 1
    path = [(weight0.item(), bias0.item())] if two else []

    pred = linear(x)
    loss = criterion(pred, y)
    prints["loss"] = f"loss: {loss!r}"
    graph = watch(loss, {"weight": linear.weight, "bias": linear.bias}, [(None, pred), (None, loss)],
                  seed=seed_of(loss, None)).checked()
    grad_weight = None if linear.weight.grad is None else linear.weight.grad.clone()
    grad_bias = linear.bias.grad.clone()
    prints["dL/dw"] = f"dL/dw: {grad_weight!r}"
    prints["dL/db"] = f"dL/db: {grad_bias!r}"
    # The tutorial's update by hand: a new tensor, recorded by autograd (grad_fn=<SubBackward0>).
    # w.sub(w.grad, alpha=lr) is w - lr * w.grad rounded once, as SGD's param.add_(grad, alpha=-lr)
    # does; w.sub(lr * w.grad) rounds lr * w.grad first and can differ from optimizer.step() in the last bit.
    by_hand_weight = linear.weight if grad_weight is None else linear.weight.sub(linear.weight.grad, alpha=config.lr)
    by_hand_bias = linear.bias.sub(linear.bias.grad, alpha=config.lr)
    prints["by hand"] = f"{by_hand_weight!r}\n{by_hand_bias!r}"
    optimizer.step()
    prints["by optimizer.step()"] = f"{linear.weight!r}\n{linear.bias!r}"
    after_weight, after_bias = linear.weight.detach().clone(), linear.bias.detach().clone()

    first_loss = loss
    losses, norms = [loss.item()], [_norm(linear)]
    for _ in range(config.steps - 1):
        if two:
            path.append((linear.weight.item(), linear.bias.item()))
        if config.zero_grad:
            optimizer.zero_grad()
        loss = criterion(linear(x), y)
        losses.append(loss.item())
        loss.backward()
        norms.append(_norm(linear))
        optimizer.step()
    if two:
        path.append((linear.weight.item(), linear.bias.item()))
    closed_weight, closed_bias = closed_form(x, y, weight0, bias0)
    return LabRun(
        config, x, y, weight0, bias0, first_loss, grad_weight, grad_bias,
        by_hand_weight.detach(), by_hand_bias.detach(), after_weight, after_bias, losses, norms, path, graph,
        closed_weight, closed_bias, prints,
    )  # fmt: skip


def _norm(linear: nn.Linear) -> float:
    return sum(p.grad.norm().item() for p in linear.parameters() if p.grad is not None)

