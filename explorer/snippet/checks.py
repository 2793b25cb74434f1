"""Argument checks the implementations (perform_*.py) use before handing values to PyTorch: only plain data
goes in, and the size of every tensor about to be made is known and within the limits first.

PyTorch is left to raise its own errors for wrong but harmless arguments (`torch.exp(2.0)` gets
PyTorch's own TypeError), so a learner sees PyTorch's words. What is checked here is what could
hurt: our wrappers or functions handed to PyTorch, and sizes."""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch

from .limits import Budget, Refused
from .values import ModuleValue, Range, type_name

PLAIN = (bool, int, float, str, type(None), torch.dtype, torch.device, slice, type(Ellipsis), torch.Tensor)
MAX_DEPTH = 8  # of nested lists in torch.tensor([[...]])


def plain(budget: Budget, value: object, depth: int = 0, walked: list[int] | None = None) -> object:
    """The value if it is plain data PyTorch may receive (numbers, tensors, dtypes, lists of these); nested lists
    are counted as they are walked, and a range is handed over only when it is short enough to be a list."""
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, (list, tuple)) and depth < MAX_DEPTH:
        budget.sequence(len(value))
        walked = [0] if walked is None else walked
        walked[0] += len(value)
        budget.walked(walked[0])
        items = [plain(budget, item, depth + 1, walked) for item in value]
        return items if isinstance(value, list) else type(value)(items)
    if isinstance(value, Range):
        budget.sequence(len(value))  # PyTorch makes a list of it: x[range(10 ** 12)] would never end
        return range(value.start, value.stop, value.step)
    raise TypeError(f"expected a number, a tensor or a list of them, not {type_label(value)}")


def whole(value: object, what: str) -> int:
    """A number PyTorch takes only as a whole number (a size, `steps`): an int, or a tensor holding one."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and not value.is_floating_point() \
            and value.dtype != torch.bool:  # fmt: skip
        return int(value.item())
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a whole number, not {type_label(value)}")
    return value


def device(budget: Budget, value: object) -> None:
    """Tensors live on the CPU here: the only device is "cpu" ("meta" tensors have no values to show)."""
    if value is not None and (not isinstance(value, (str, torch.device)) or str(value) != "cpu"):
        raise Refused("snippet.device", budget.line, 0, device=repr(value)[:40])


def type_label(value: object) -> str:
    return f"'{type_name(value)}'"


def shape(budget: Budget, sizes: tuple) -> tuple[int, ...]:
    """torch.zeros(2, 3) or torch.zeros((2, 3)): the sizes as ints, their product checked."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list, torch.Size)):
        sizes = tuple(sizes[0])
    budget.sequence(len(sizes))
    sizes = tuple(whole(size, "sizes") for size in sizes)
    budget.elements(math.prod(max(0, s) for s in sizes))
    return sizes


def numel_of(data: object, budget: Budget, depth: int = 0, counted: list[int] | None = None) -> int:
    """How many numbers a nested list holds (for torch.tensor([[1, 2], [3, 4]])), bounded as it is counted:
    the count stops at the limit on one tensor's elements, however often the same inner list repeats."""
    counted = [0] if counted is None else counted
    if isinstance(data, torch.Tensor):
        counted[0] += data.numel()
    elif isinstance(data, Range):
        budget.sequence(len(data))
        counted[0] += len(data)
    elif isinstance(data, (list, tuple)) and depth < MAX_DEPTH:
        budget.sequence(len(data))
        for item in data:
            numel_of(item, budget, depth + 1, counted)
            if counted[0] > budget.limits.elements:
                break
    else:
        counted[0] += 1
    if counted[0] > budget.limits.elements:
        raise budget.over("elements", f"more than {budget.limits.elements:,}")
    return counted[0]


def broadcast(budget: Budget, *operands: object) -> None:
    """Before an elementwise operation: the size of the broadcast result, which is also its work."""
    shapes = [tuple(o.shape) for o in operands if isinstance(o, torch.Tensor)]
    if len(shapes) == 1:
        budget.elements(math.prod(shapes[0]))
    elif shapes:
        try:
            out = torch.broadcast_shapes(*shapes)
        except RuntimeError:
            return  # PyTorch will say why these shapes do not broadcast
        budget.elements(math.prod(out))


def reduced(budget: Budget, *operands: object) -> None:
    """Before an operation whose result is no larger than its inputs (a sum, a view): its work."""
    budget.spend(sum(o.numel() for o in operands if isinstance(o, torch.Tensor)) or 1)


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
