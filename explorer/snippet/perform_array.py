"""What a snippet may do with a NumPy array (explorer/snippet/values.py's Array: what tensor.numpy() returns, a
histogram's counts, a grid of axes): read its shape, index it by numbers and slices, list it, make a tensor of it
again; allowlist.py names what exists (ARRAY_ATTRIBUTES, ARRAY_METHODS). NumPy's own arithmetic is not offered:
a snippet computes with tensors, and hands plt the result."""

from __future__ import annotations

import numpy as np
import torch

from .checks import plain, whole
from .limits import Refused
from .values import Array, Each

NUMERIC = "biuf"  # NumPy's kinds of number: bool, int, unsigned, float


def numeric(it, value: Array) -> np.ndarray:
    """The numbers an array holds (a grid of axes holds none), counted as elements about to be copied."""
    found = np.asarray(value.array)
    if found.dtype.kind not in NUMERIC:
        raise TypeError(f"an array of {found.dtype} holds no numbers")
    it.budget.elements(found.size)
    return found


def wrapped(found: object) -> object:
    """What NumPy gave back, as the snippet holds it: an array or a NumPy number as an Array, an axes as itself."""
    return Array(found) if isinstance(found, (np.ndarray, np.generic)) else found


def item(it, value: Array, index: object) -> object:
    """value[index] for numbers, slices, None and ...: NumPy's view, never larger than the array."""
    index = plain(it.budget, index)
    parts = index if isinstance(index, tuple) else (index,)
    if not all(p is None or p is Ellipsis or isinstance(p, slice) or (isinstance(p, int) and not isinstance(p, bool))
               for p in parts):  # fmt: skip
        raise Refused("snippet.array_index", it.budget.line, 0)
    if not isinstance(value.array, np.ndarray):
        raise IndexError("invalid index to scalar variable.")
    return wrapped(value.array[index])


def items(it, value: Array) -> list:
    """The rows of an array, as a loop or an unpacking takes them."""
    if not isinstance(value.array, np.ndarray) or value.array.ndim == 0:
        raise TypeError("iteration over a 0-d array")
    it.budget.sequence(len(value.array))
    return [wrapped(row) for row in value.array]


def from_numpy(it, ndarray):
    """torch.from_numpy(a): a tensor of an array's numbers (sharing them, as PyTorch does)."""
    if not isinstance(ndarray, Array):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    found = numeric(it, ndarray)
    return it.made(torch.from_numpy(found if found.flags.writeable else found.copy()))


def _tolist(it, self):
    size = int(np.size(self.array))
    it.budget.sequence(size)
    it.budget.making(size)
    return self.array.tolist()


def _item(it, self):
    return self.array.item()


def _reshape(it, self, *shape):
    """The same numbers in another shape (NumPy says when they do not fit it); a copy at most."""
    sizes = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    it.budget.sequence(len(sizes))
    sizes = tuple(whole(s, "shape") for s in sizes)
    it.budget.elements(int(np.size(self.array)))
    return wrapped(np.reshape(self.array, sizes))


def _flat(it, self):
    it.budget.elements(int(np.size(self.array)))
    return wrapped(np.ravel(self.array).copy())


def _read(name: str):
    return lambda value: wrapped(getattr(value.array, name)) if name == "T" else getattr(value.array, name)


PERFORMS_ARRAY_ATTRIBUTES = {"read": Each(_read), "flat": lambda value: wrapped(np.ravel(value.array))}
PERFORMS_ARRAY_METHODS = {"tolist": _tolist, "item": _item, "reshape": _reshape, "flattened": Each(lambda name: _flat)}
