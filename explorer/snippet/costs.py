"""What an operation will cost, worked out from its inputs' shapes and sizes before it runs: the elements of a
tensor result and the element-operations to make it. Python's own work on lists and text (items walked,
characters made) is sized in explorer/snippet/text_costs.py.

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

ELEMENTWISE_LAYERS = (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.Softmax, nn.LogSoftmax, nn.Identity, nn.Dropout, nn.Flatten)


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
