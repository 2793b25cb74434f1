"""The tutorial's examples, each with the point it uses and what its printout shows."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    label: str
    formula: str
    point: dict[str, float]
    prints: tuple[str, ...]  # the tutorial's printed gradients, in variable order
    note: str


PRESETS: tuple[Preset, ...] = (
    Preset("y = w x + b", "w*x + b", {"w": 2.0, "x": 1.0, "b": 3.0},
           ("tensor(1.)", "tensor(2.)", "tensor(1.)"),
           "The tutorial's first graph: dy/dw = x = 1, dy/dx = w = 2, dy/db = 1."),
    Preset("Example 1: x²", "x^2", {"x": 2.0}, ("tensor(4.)",), "dy/dx = 2x."),
    Preset("Example 2: eˣ", "exp(x)", {"x": 2.0}, ("tensor(7.3891)",),
           "dy/dx = e^x. Use torch.exp, not numpy.exp: NumPy would break the graph."),
    Preset("Example 3: sin x", "sin(x)", {"x": math.pi}, ("tensor(-1.)",), "dy/dx = cos x, at x = π."),
    Preset("Example 4: (x−4)(x²+6)", "(x-4)*(x^2+6)", {"x": 0.0}, ("tensor(6.)",), "dy/dx = 3x² − 8x + 6."),
    Preset("Example 5: (√x+1)³", "(sqrt(x)+1)^3", {"x": 2.0}, ("tensor(6.1820)",),
           "dy/dx = 3(√x + 1)² / (2√x)."),
    Preset("Example 6: (x+2y)²", "(x+2*y)^2", {"x": 1.0, "y": 2.0}, ("tensor(10.)", "tensor(20.)"),
           "Partial derivatives: ∂z/∂x = 2(x + 2y), ∂z/∂y = 4(x + 2y)."),
)  # fmt: skip
