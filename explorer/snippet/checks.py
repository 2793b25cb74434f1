"""Argument checks the tables use before handing values to PyTorch: only plain data goes in, and the
size of every tensor about to be made is known and within the limits first.

PyTorch is left to raise its own errors for wrong but harmless arguments (`torch.exp(2.0)` gets
PyTorch's own TypeError), so a learner sees PyTorch's words. What is checked here is what could
hurt: our wrappers or functions handed to PyTorch, and sizes."""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch

from .limits import Budget
from .values import ModuleValue, Range, type_name

PLAIN = (bool, int, float, str, type(None), torch.dtype, slice, type(Ellipsis), torch.Tensor)
MAX_DEPTH = 8  # of nested lists in torch.tensor([[...]])


def plain(budget: Budget, value: object, depth: int = 0) -> object:
    """The value if it is plain data PyTorch may receive (numbers, tensors, dtypes, lists of these)."""
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, (list, tuple)) and depth < MAX_DEPTH:
        budget.sequence(len(value))
        items = [plain(budget, item, depth + 1) for item in value]
        return items if isinstance(value, list) else type(value)(items)
    if isinstance(value, Range):
        return range(value.start, value.stop, value.step)
    raise TypeError(f"expected a number, a tensor or a list of them, not {type_label(value)}")


def type_label(value: object) -> str:
    return f"'{type_name(value)}'"


def shape(budget: Budget, sizes: tuple) -> tuple[int, ...]:
    """torch.zeros(2, 3) or torch.zeros((2, 3)): the sizes as ints, their product checked."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list, torch.Size)):
        sizes = tuple(sizes[0])
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError(f"sizes must be whole numbers, not {type_label(size)}")
    budget.elements(math.prod(max(0, s) for s in sizes))
    return tuple(sizes)


def numel_of(data: object, budget: Budget, depth: int = 0) -> int:
    """How many numbers a nested list holds (for torch.tensor([[1, 2], [3, 4]])), bounded as it is counted."""
    if isinstance(data, torch.Tensor):
        return data.numel()
    if isinstance(data, (list, tuple)) and depth < MAX_DEPTH:
        budget.sequence(len(data))
        return sum(numel_of(item, budget, depth + 1) for item in data)
    return 1


def broadcast(budget: Budget, *operands: object) -> None:
    """Before an elementwise operation: the size of the broadcast result."""
    shapes = [tuple(o.shape) for o in operands if isinstance(o, torch.Tensor)]
    if len(shapes) > 1:
        try:
            out = torch.broadcast_shapes(*shapes)
        except RuntimeError:
            return  # PyTorch will say why these shapes do not broadcast
        budget.elements(math.prod(out))


def matmul(budget: Budget, a: object, b: object) -> None:
    """Before a matrix product: the result's size from a dry run on shapes alone, and its work."""
    if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
        return
    try:
        out = torch.matmul(torch.empty(a.shape, device="meta"), torch.empty(b.shape, device="meta"))
    except RuntimeError:
        return  # PyTorch will raise its own error on the real call
    inner = a.shape[-1] if a.dim() else 1
    budget.elements(out.numel(), out.numel() * max(1, inner))


def tensors(budget: Budget, values: Iterable[object]) -> list[torch.Tensor]:
    """A list of tensors (torch.cat, an optimizer's parameters): the list must hold only tensors."""
    found = list(values)
    budget.sequence(len(found))
    for value in found:
        if not isinstance(value, torch.Tensor):
            raise TypeError(f"expected tensors, got {type_label(value)}")
    return found


def parameters(budget: Budget, value: object) -> list[torch.Tensor]:
    """What an optimizer optimizes: model.parameters() (a list here), a list of tensors, or one module."""
    if isinstance(value, ModuleValue):
        return list(value.module.parameters())
    return tensors(budget, value if isinstance(value, (list, tuple)) else [value])
