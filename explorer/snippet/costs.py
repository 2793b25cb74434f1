"""What an operation will cost, worked out from its inputs' shapes and sizes before it runs: the elements of a
tensor result and the element-operations to make it, the characters of a text, the items of nested lists.

Each rule is our own arithmetic on shapes (a matrix product (n, k) @ (k, m) makes n·m elements for n·m·k
operations), never the operation itself; where PyTorch's own shape rules are too many to restate (indexing by
tensors), the operation runs first on tensors of the "meta" device, which have shapes and no data. When the
arithmetic finds that the inputs do not fit together, the cost is left at nothing and PyTorch raises its own
error on the real call.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from .limits import Budget
from .values import Range

ELEMENTWISE_LAYERS = (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.Softmax, nn.LogSoftmax, nn.Identity, nn.Dropout, nn.Flatten)
NUMBER_CHARS = 32  # the longest a float or a small int is written
WORD_CHARS = 200  # a dtype, a device, a module's one-line name ...


def matmul_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[int, ...], int] | None:
    """torch.matmul's result shape and the length of the sums it makes (None: the shapes do not fit)."""
    if not a or not b:
        return None
    if len(a) == 1 and len(b) == 1:
        return ((), a[0]) if a[0] == b[0] else None
    if len(a) == 1:
        return (b[:-2] + b[-1:], a[0]) if a[0] == b[-2] else None
    if len(b) == 1:
        return (a[:-1], a[-1]) if a[-1] == b[0] else None
    if a[-1] != b[-2]:
        return None
    try:
        batch = tuple(torch.broadcast_shapes(a[:-2], b[:-2]))
    except RuntimeError:
        return None
    return (*batch, a[-2], b[-1]), a[-1]


def product(budget: Budget, a: object, b: object, square: bool = False) -> None:
    """Before a matrix product (`@`, matmul, mm, F.linear's x @ wᵀ): its elements and its work."""
    if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
        return
    shapes = matmul_shape(tuple(a.shape), tuple(b.shape))
    if shapes is None or (square and (a.dim() != 2 or b.dim() != 2)):
        return  # PyTorch will raise its own error on the real call
    out, inner = shapes
    numel = math.prod(out)
    budget.elements(numel, numel * max(1, inner))


def linear(budget: Budget, x: object, weight: object) -> None:
    """F.linear(x, w) and nn.Linear: x @ wᵀ."""
    if isinstance(x, torch.Tensor) and isinstance(weight, torch.Tensor) and weight.dim() == 2:
        product(budget, x, weight.t())


def diag(budget: Budget, x: object, diagonal: object = 0) -> None:
    """torch.diag: a vector of n becomes an (n + |k|) × (n + |k|) matrix."""
    if isinstance(x, torch.Tensor) and x.dim() == 1 and isinstance(diagonal, int):
        side = x.shape[0] + abs(diagonal)
        budget.elements(side * side)


def module_shape(module: nn.Module, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """What calling one of the modules a snippet can make on an input of `shape` gives: shape and work."""
    if isinstance(module, nn.Sequential):
        work = 0
        for layer in module:
            shape, spent = module_shape(layer, shape)
            work += spent
        return shape, work
    if isinstance(module, nn.Linear):
        out = (*shape[:-1], module.out_features) if shape else (module.out_features,)
        return out, math.prod(out) * module.in_features
    if isinstance(module, ELEMENTWISE_LAYERS):
        return shape, math.prod(shape)
    return (), math.prod(shape)  # a loss: at most its input's size (reduction="none" keeps it), see call_module


def call_module(budget: Budget, module: nn.Module, args: tuple) -> None:
    """Before a module is called: the size of what it makes."""
    inputs = [a for a in args if isinstance(a, torch.Tensor)]
    if not inputs:
        return
    if isinstance(module, (nn.Linear, nn.Sequential, *ELEMENTWISE_LAYERS)):
        out, work = module_shape(module, tuple(inputs[0].shape))
        budget.elements(math.prod(out), work)
    else:  # a loss: no larger than its inputs broadcast together
        try:
            budget.elements(math.prod(torch.broadcast_shapes(*(tuple(t.shape) for t in inputs))))
        except RuntimeError:
            return


def _meta(value: object) -> object:
    if isinstance(value, torch.Tensor):
        return torch.empty(value.shape, dtype=value.dtype, device="meta")
    if isinstance(value, tuple):
        return tuple(_meta(v) for v in value)
    if isinstance(value, list):
        return [_meta(v) for v in value]
    return value


def _advanced(index: object) -> bool:
    """Does the index hold tensors or lists (advanced indexing), which can make a result larger than the input?"""
    parts = index if isinstance(index, tuple) else (index,)
    return any(isinstance(p, (torch.Tensor, list, range)) for p in parts)


def indexing(budget: Budget, owner: torch.Tensor, index: object) -> None:
    """Before `owner[index]`: basic indexing (numbers, slices) makes a view no larger than `owner`; an index of
    tensors or lists can make one far larger (1,000,000 row numbers of a (1000, 1000) tensor), sized on meta
    tensors. A boolean mask picks at most every element."""
    if not _advanced(index):
        return
    parts = index if isinstance(index, tuple) else (index,)
    if any(isinstance(p, torch.Tensor) and p.dtype == torch.bool for p in parts):
        budget.elements(owner.numel())
        return
    try:
        shape = _meta(owner)[_meta(index)].shape  # type: ignore[index]
    except (IndexError, RuntimeError, TypeError, ValueError):
        return  # PyTorch will say what is wrong with the index
    budget.elements(math.prod(shape))


def items(value: object, budget: Budget) -> int:
    """How many items nested lists and tuples hold, all levels together, counted as they are walked (the same
    inner list reached 10,000 times counts 10,000 times: that is what == or str() would walk). Iterative:
    a list nested 100,000 deep needs no deep recursion here."""
    walked = 0
    todo = [value]
    while todo:
        current = todo.pop()
        if isinstance(current, (list, tuple)):
            walked += len(current)
            budget.walked(walked)
            todo.extend(item for item in current if isinstance(item, (list, tuple)))
    return walked


def text_size(value: object, budget: Budget) -> int:
    """An upper bound on the characters of str(value) or repr(value), counted without making the text (and
    stopped as soon as it is over the limit on one string)."""
    counted = 0
    todo = [value]
    while todo:
        current = todo.pop()
        if isinstance(current, (list, tuple)):
            counted += 2 + 2 * len(current)
            todo.extend(current)
        else:
            counted += _chars(current)
        if counted > budget.limits.chars:
            raise budget.over("chars", f"more than {budget.limits.chars:,}")
    return counted


def _chars(value: object) -> int:
    """The characters of one value that is not a list or tuple."""
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, float):
        return NUMBER_CHARS
    if isinstance(value, torch.Tensor):
        return tensor_text(value)
    if isinstance(value, Range):
        return 3 * NUMBER_CHARS
    return WORD_CHARS + 60 * _modules(value)


def tensor_text(tensor: torch.Tensor) -> int:
    """The most characters PyTorch's repr of a tensor takes: in full up to 1,000 elements, else 3 first and 3
    last along each dimension (its print options)."""
    shown = tensor.numel() if tensor.numel() <= 1000 else math.prod(min(size, 6) for size in tensor.shape)
    return shown * (NUMBER_CHARS - 8) + 8 * tensor.dim() + WORD_CHARS


def _modules(value: object) -> int:
    module = getattr(value, "module", None)
    return sum(1 for _ in module.modules()) if isinstance(module, nn.Module) else 1


def percent_size(template: str, args: object, budget: Budget) -> None:
    """Before `template % args`: each conversion's width or precision (`%0900000000d`) and what it writes."""
    import re

    total = len(template)
    for match in re.finditer(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]", template):
        for part in match.groups():
            if part == "*":
                raise TypeError("* widths are not available here: write the width as a number")
            if part is not None:
                if len(part) > 9:
                    raise budget.over("chars", f"more than {budget.limits.chars:,}")
                total += int(part)
        total += NUMBER_CHARS
    budget.text(total + text_size(args, budget))
