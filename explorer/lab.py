"""The loss and optimizer lab: the tutorial's second half, run for real and measured.

A batch x (N×I) and targets y (N×O) from `torch.randn`, `nn.Linear(I, O)`, `nn.MSELoss`,
`loss.backward()`, one SGD step by hand and one by `optimizer.step()`, then K training
steps. Everything PyTorch prints is kept as PyTorch prints it; the gradients are checked
against the closed form dL/dW = 2/(N·O) (pred − y)ᵀ x, dL/db = 2/(N·O) Σ (pred − y).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import torch
from torch import nn

from explorer.i18n import MESSAGES, Message, Mistake
from explorer.traced.graph import Graph
from explorer.traced.watch import seed_of, watch
from explorer.traced.wire import number as json_number

OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
# Bounds that keep every request small: at most 1,000 × 100 inputs and 100 × 100 weights.
LIMITS = {"batch": 1000, "inputs": 100, "outputs": 100, "steps": 1000}
MAX_LR = 10.0


class LabError(Mistake):
    """A lab setting out of bounds: says which and what is allowed. `message` is a catalog key of
    `explorer.i18n` with its `params` (or plain English text)."""

    def __init__(self, message: str, **params: object):
        self.code = message if message in MESSAGES["en"] else None
        self.params = params
        self.text = message
        super().__init__(Message.of(message, **params))


def _whole(value: float) -> bool:
    return math.isfinite(value) and float(value).is_integer()


# The catalog key of the message for each bounded setting.
_LIMIT_MESSAGES = {"batch": "lab_error.batch", "inputs": "lab_error.inputs", "outputs": "lab_error.outputs",
                   "steps": "lab_error.steps"}  # fmt: skip


@dataclass(frozen=True)
class LabConfig:
    seed: int = 0
    batch: int = 5
    inputs: int = 3
    outputs: int = 2
    lr: float = 0.01
    optimizer: str = "sgd"
    steps: int = 1
    zero_grad: bool = True
    freeze_weight: bool = False

    def check(self) -> LabConfig:
        """The settings as whole numbers where they must be, or a LabError saying which is out of bounds.

        Settings may arrive as floats from the page's number fields: 2.5 inputs or a seed of 1e+20 is
        refused with its value named, never rounded or clipped in silence."""
        for name, bound in LIMITS.items():
            value = getattr(self, name)
            if not (_whole(value) and 1 <= value <= bound):
                raise LabError(_LIMIT_MESSAGES[name], bound=f"{bound:,}", value=f"{value:g}")
        if not (math.isfinite(self.lr) and 0 < self.lr <= MAX_LR):
            raise LabError("lab_error.lr", limit=f"{MAX_LR:g}", value=f"{self.lr:g}")
        if self.optimizer not in OPTIMIZERS:
            raise LabError("lab_error.optimizer", options=", ".join(OPTIMIZERS), value=repr(self.optimizer))
        if not (_whole(self.seed) and 0 <= self.seed < 2**63):
            raise LabError("lab_error.seed", value=f"{self.seed:g}" if isinstance(self.seed, float) else self.seed)
        return replace(self, **{name: int(getattr(self, name)) for name in ("seed", *LIMITS)})


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


DIVERGED = 10.0  # the loss grew to this many times its start, or past any float: training diverged


def diverged(run: LabRun) -> bool:
    """Whether the steps made the loss grow instead of shrink (a learning rate too large overshoots)."""
    first, last = run.losses[0], run.losses[-1]
    return not math.isfinite(last) or last > DIVERGED * first


def _norm(linear: nn.Linear) -> float:
    return sum(p.grad.norm().item() for p in linear.parameters() if p.grad is not None)


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
