"""The numbers a snippet hands pyplot, as matplotlib takes them: `np.asarray(data, dtype=float)` of a tensor (which
calls tensor.numpy(), so a tensor that requires grad raises PyTorch's own "Can't call numpy() on Tensor that
requires grad"), of what .numpy() returned, of lists, tuples and ranges of numbers, or of one number. Counted
before they are copied, against the elements a snippet may make."""

from __future__ import annotations

import numpy as np
import torch

from .checks import MAX_DEPTH
from .limits import Refused
from .perform_array import NUMERIC
from .values import Array, Range, type_name

NUMBER = (bool, int, float)


def numbers(it, value: object, what: str, call: str, keep: bool = False) -> np.ndarray:
    """`value` as an array of float64 (its shape kept; `keep`: its own kind of number), counted first; `what` names
    the argument and `call` the function in a refusal ("x" of "plt.plot")."""
    counted = [0]
    _count(it, value, what, call, counted)
    it.budget.elements(counted[0])
    return np.asarray(_unwrapped(value), dtype=None if keep else np.float64)


def _count(it, value: object, what: str, call: str, counted: list[int], depth: int = 0) -> None:
    if isinstance(value, torch.Tensor):
        counted[0] += value.numel()
    elif isinstance(value, Array):
        if np.asarray(value.array).dtype.kind not in NUMERIC:
            raise _refused(it, value, what, call)
        counted[0] += int(np.size(value.array))
    elif isinstance(value, Range):
        it.budget.sequence(len(value))
        counted[0] += len(value)
    elif isinstance(value, (list, tuple)) and depth < MAX_DEPTH:
        it.budget.sequence(len(value))
        for item in value:
            _count(it, item, what, call, counted, depth + 1)
            if counted[0] > it.budget.limits.elements:
                break
    elif isinstance(value, NUMBER):
        counted[0] += 1
    else:
        raise _refused(it, value, what, call)
    if counted[0] > it.budget.limits.elements:
        raise it.budget.over("elements", f"more than {it.budget.limits.elements:,}")


def _refused(it, value: object, what: str, call: str) -> Refused:
    return Refused("snippet.plt_data", it.budget.line, 0, call=call, what=what, kind=type_name(value))


def _unwrapped(value: object) -> object:
    """What np.asarray meets: a tensor's numpy() (PyTorch raises its own error on one that requires grad)."""
    if isinstance(value, torch.Tensor):
        return value.numpy()
    if isinstance(value, Array):
        return value.array
    if isinstance(value, Range):
        return range(value.start, value.stop, value.step)
    if isinstance(value, (list, tuple)):
        return [_unwrapped(item) for item in value]
    return value


def flat(it, value: object, what: str, call: str) -> np.ndarray:
    """One number per point (matplotlib ravels scatter's x, y, s and c)."""
    return numbers(it, value, what, call).ravel()


def listed(values: np.ndarray) -> list:
    """An array's numbers as the record keeps them: Python floats, nested as the array is."""
    return values.astype(np.float64).tolist()
