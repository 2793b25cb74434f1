"""A snippet's training, step by step: at every optimizer.step(), each parameter's first elements and the
size of the .grad the step used (it piles up when zero_grad() is forgotten), recorded as plain numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

ELEMENTS = 2  # of each parameter, flattened, whose path is kept
MAX_STEPS = 1_000  # optimizer steps recorded


@dataclass
class Training:
    names: list[str] = field(default_factory=list)  # the parameters, by their names in the snippet
    before: list[dict[str, list[float]]] = field(default_factory=list)  # first elements before each step
    after: list[dict[str, list[float]]] = field(default_factory=list)  # ... and after it
    grad_norms: list[dict[str, float | None]] = field(default_factory=list)  # |.grad| each step used

    @property
    def steps(self) -> int:
        return len(self.before)

    def data(self) -> dict:
        return {"names": self.names, "before": self.before, "after": self.after, "grad_norms": self.grad_norms}

    @staticmethod
    def from_data(data: dict) -> Training:
        return Training([str(n) for n in data["names"]], data["before"], data["after"], data["grad_norms"])


def _firsts(parameter: torch.Tensor) -> list[float]:
    return [float(v) for v in parameter.detach().reshape(-1)[:ELEMENTS].tolist()]


def step(training: Training, optimizer: torch.optim.Optimizer, names: dict[int, str]) -> None:
    """optimizer.step(), with what it moved and the gradients it used recorded around it."""
    parameters = [p for group in optimizer.param_groups for p in group["params"]]
    named = {names.get(id(p), f"param{i}"): p for i, p in enumerate(parameters)}
    if training.steps < MAX_STEPS:
        for name in named:
            if name not in training.names:
                training.names.append(name)
        training.before.append({n: _firsts(p) for n, p in named.items()})
        training.grad_norms.append({n: None if p.grad is None else float(p.grad.norm()) for n, p in named.items()})
    optimizer.step()
    if len(training.after) < len(training.before):
        training.after.append({n: _firsts(p) for n, p in named.items()})
