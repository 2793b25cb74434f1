"""The code that performs Python's builtins, math's and numpy's functions, and list.append for a snippet.

allowlist.py names what exists (BUILTINS, NUMPY, MATH, LIST_METHODS); the dicts at the end map each
implementation name used there to the code below. Every cost is checked before the work is done.
"""

from __future__ import annotations

import builtins
import math

import torch

from . import perform_array
from .checks import broadcast, plain
from .limits import Refused
from .text_costs import SEQUENCES, items, text_size
from .values import Array, Each, Generated, ModuleValue, Range


def _print(it, *values, sep=" ", end="\n", flush=False):
    for text, name in ((sep, "sep"), (end, "end")):
        if text is not None and not isinstance(text, str):
            raise TypeError(f"{name} must be None or a string, not {type(text).__name__}")
    sep, end = " " if sep is None else sep, "\n" if end is None else end
    it.budget.text(sum(text_size(value, it.budget) + len(sep) for value in values) + len(end))  # before str()
    it.write(sep.join(str(value) for value in values) + end)


def _range(it, *args):
    if not 1 <= len(args) <= 3 or any(isinstance(a, bool) or not isinstance(a, int) for a in args):
        raise TypeError("range() takes one to three integers")
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args, 1)[:3]
    if step == 0:
        raise ValueError("range() arg 3 must not be zero")
    return Range(start, stop, step)


def items_of(it, iterable) -> list:
    """The items of something iterable, counted against the limits (a range is not unrolled past them)."""
    if isinstance(iterable, Range):  # a loop this long would go over the iterations limit: say so before it starts
        if len(iterable) > it.budget.limits.iterations:
            raise it.budget.over("iterations", f"{len(iterable):,}")
        return list(iterable)
    if isinstance(iterable, Generated):  # a generator: its items once
        return iterable.take()
    if isinstance(iterable, (list, tuple, str, torch.Size, dict, *SEQUENCES)):
        it.budget.sequence(len(iterable))
        return list(iterable)
    if isinstance(iterable, torch.Tensor):
        if iterable.dim() == 0:
            raise TypeError("iteration over a 0-d tensor")
        it.budget.sequence(len(iterable))
        return [it.made(row) for row in iterable]
    if isinstance(iterable, ModuleValue) and isinstance(iterable.module, torch.nn.Sequential):
        return [ModuleValue(m) for m in iterable.module]
    if isinstance(iterable, Array):  # rows of numbers, or axes of plt.subplots()
        return perform_array.items(it, iterable)
    raise TypeError(f"'{type(iterable).__name__}' object is not iterable")


def _numbers(fn):
    """float, abs, bool and math's functions: Python's own, on plain values only."""
    def run(it, *args, **kwargs):
        args = tuple(plain(it.budget, a) for a in args)
        broadcast(it.budget, *args)  # abs() of a tensor makes one
        return it.made(fn(*args, **kwargs))

    return run


def _str(it, value=""):
    it.budget.text(text_size(value, it.budget))  # str() of 10,000 lists of 10,000 characters: refused first
    return str(value)


def _copied(make):
    """list(), tuple(), enumerate(), zip(): a new sequence, counted with all that the snippet makes."""
    def run(it, *args, **kwargs):
        found = make(it, *args, **kwargs)
        it.budget.making(len(found))
        return found

    return run


def _int(it, value=0, *base):
    """int(), with the size of the integer known first: int("9" * 4300) is over the limit on its bits."""
    value = plain(it.budget, value)
    if isinstance(value, str):
        digits = len(value.strip().lstrip("+-").replace("_", ""))
        if digits * math.log2(10) > it.budget.limits.int_bits + 4:
            raise it.budget.over("int_bits", f"{digits * math.log2(10):,.0f}")
    result = int(value, *base) if base else int(value)
    return it.budget.integer(result)


def _round(it, number, ndigits=None):
    """round(), with the power of ten it works with sized first: round(5, -10 ** 8) would take minutes."""
    if isinstance(ndigits, int) and not isinstance(ndigits, bool):
        it.budget.power_bits(10, abs(ndigits))
    result = round(plain(it.budget, number), ndigits)  # type: ignore[arg-type]
    return it.budget.integer(result) if isinstance(result, int) and not isinstance(result, bool) else result


def _sum(it, iterable, start=0):
    total = start
    for item in items_of(it, iterable):
        total = it.binary("+", total, item)
    return total


def _min_max(fn):
    def run(it, *args):
        values = items_of(it, args[0]) if len(args) == 1 else list(args)
        items(values, it.budget)  # comparing nested lists walks all of them
        return fn(plain(it.budget, v) for v in values)

    return run


def _len(it, value):
    if isinstance(value, (Range, list, tuple, str, torch.Size, torch.Tensor, dict, *SEQUENCES)):
        return len(value)
    if isinstance(value, Array):
        return len(value.array)  # NumPy's own TypeError for a number
    raise TypeError(f"object of type '{type(value).__name__}' has no len()")


def _numpy_function(name, fn):
    def run(it, x):
        if isinstance(x, (torch.Tensor, Array)):
            if isinstance(x, torch.Tensor) and x.requires_grad:
                x.numpy()  # raises PyTorch's own RuntimeError: NumPy would break the graph
            raise Refused("snippet.numpy_array", it.budget.line, 0, name=name)
        return fn(plain(it.budget, x))

    return run


def _append(it, self, item):
    it.budget.sequence(len(self) + 1)
    it.budget.making(1)
    self.append(item)


def _constant(name: str) -> float:
    """math's own pi, e, inf and nan: what torch's, numpy's and math's names for them hold here."""
    value = getattr(math, name)
    if not isinstance(value, float):
        raise TypeError(f"math.{name} is not a constant")
    return value


CONSTANT = Each(_constant)


PERFORMS_BUILTINS = {
    "print": _print, "range": _range, "len": _len, "numbers": Each(lambda name: _numbers(getattr(builtins, name))),
    "int": _int, "round": _round, "str": _str, "min_max": Each(lambda name: _min_max(getattr(builtins, name))),
    "sum": _sum, "list": _copied(lambda it, x=(): items_of(it, x)),
    "tuple": _copied(lambda it, x=(): tuple(items_of(it, x))),
    "enumerate": _copied(lambda it, x, start=0: list(enumerate(items_of(it, x), start))),
    "zip": _copied(lambda it, *xs: list(zip(*(items_of(it, x) for x in xs), strict=False))),
}  # fmt: skip
PERFORMS_NUMPY = {"constant": CONSTANT, "no_tensors": Each(lambda name: _numpy_function(name, getattr(math, name)))}
PERFORMS_MATH = {"constant": CONSTANT, "numbers": Each(lambda name: _numbers(getattr(math, name)))}
PERFORMS_LIST_METHODS = {"append": _append}
