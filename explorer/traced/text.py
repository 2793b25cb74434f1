"""How a number or a tensor is written on the page and in the graph's labels: in full when it is small,
as shape and range otherwise; and the stand-in for a tensor too large to carry from a worker."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

Tensor = torch.Tensor


@dataclass(frozen=True)
class TensorInfo:
    """A tensor too large to carry in full (from a snippet's worker): its shape, dtype and range."""

    shape: tuple[int, ...]
    dtype: str
    lo: float
    hi: float

    def numel(self) -> int:
        return math.prod(self.shape)


Value = Tensor | TensorInfo


SMALL = 4  # elements of a tensor written out in full in a label; larger ones by shape and range


def short(value: object, digits: int = 4) -> str:
    """A compact text of a number or tensor: `6.182`, `nan`, `[1, -2]`, `(5, 3) in [-1.2, 0.8]`."""
    if isinstance(value, TensorInfo):
        return f"{shape_text(value.shape)} in [{short(value.lo, digits)}, {short(value.hi, digits)}]"
    if isinstance(value, Tensor):
        if value.dim() == 0:
            return short(value.item(), digits)
        if value.numel() <= SMALL:
            return _nested(value.detach().tolist(), digits)
        if value.numel() == 0 or value.dtype == torch.bool:
            return shape_text(tuple(value.shape))
        numbers = value.detach().double()
        return f"{shape_text(tuple(value.shape))} in [{short(numbers.min().item(), digits)}, " \
               f"{short(numbers.max().item(), digits)}]"  # fmt: skip
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _nested(values: object, digits: int) -> str:
    if isinstance(values, list):
        return "[" + ", ".join(_nested(v, digits) for v in values) + "]"
    return short(float(values) if isinstance(values, (int, float)) and not isinstance(values, bool) else values,
                 digits)  # fmt: skip


def shape_text(shape: tuple[int, ...]) -> str:
    """(5, 2) as Python writes a tuple, (3,) for one dimension."""
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(str(n) for n in shape)})"
