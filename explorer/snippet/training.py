"""A snippet's training, step by step: at every optimizer.step(), the loss of the backward() that came before
it, one element of each parameter before and after the step (element 0, or the one the page follows), and the
size of the .grad the step used (it piles up when zero_grad() is forgotten), recorded as plain numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

MAX_STEPS = 1_000  # optimizer steps recorded


@dataclass
class Training:
    names: list[str] = field(default_factory=list)  # the parameters, by their names in the snippet
    shapes: dict[str, list[int]] = field(default_factory=dict)
    followed: dict[str, int] = field(default_factory=dict)  # parameter -> the flat index of the element recorded
    before: list[dict[str, float]] = field(default_factory=list)  # that element before each step
    after: list[dict[str, float]] = field(default_factory=list)  # ... and after it
    grad_norms: list[dict[str, float | None]] = field(default_factory=list)  # |.grad| each step used
    losses: list[float | None] = field(default_factory=list)  # the loss of the backward() before each step

    @property
    def steps(self) -> int:
        return len(self.before)

    def piling(self, parameter: str) -> bool:
        """Did every step use a larger .grad than the one before, ending over twice the first? The sign of a
        forgotten zero_grad(): backward() adds to .grad, so each step's gradient holds all the earlier ones."""
        norms = [n.get(parameter) for n in self.grad_norms if n.get(parameter) is not None]
        rising = all(b > a for a, b in zip(norms, norms[1:], strict=False))  # type: ignore[operator]
        return len(norms) > 2 and rising and norms[-1] > 2 * norms[0]  # type: ignore[operator]

    def data(self) -> dict:
        return {"names": self.names, "shapes": self.shapes, "followed": self.followed, "before": self.before,
                "after": self.after, "grad_norms": self.grad_norms, "losses": self.losses}  # fmt: skip

    @staticmethod
    def from_data(data: dict) -> Training:
        shapes = {str(k): [int(s) for s in v] for k, v in data["shapes"].items()}
        return Training([str(n) for n in data["names"]], shapes,
                        {str(k): int(v) for k, v in data["followed"].items()}, data["before"], data["after"],
                        data["grad_norms"], data["losses"])  # fmt: skip


def index_text(shape: list[int] | tuple[int, ...], flat: int) -> str:
    """A flat element index written as PyTorch indexes it: `[0, 2]` for element 2 of a (1, 3) weight."""
    if not shape:
        return ""
    index = []
    for size in reversed(shape):
        index.append(flat % size if size else 0)
        flat = flat // size if size else 0
    return "[" + ", ".join(str(i) for i in reversed(index)) + "]"


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
