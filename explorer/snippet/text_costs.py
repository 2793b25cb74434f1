"""What Python's own work on lists and text will cost, worked out before it runs: the items nested lists hold
(as == or str() would walk them), the characters str() or a `%` format would make, counted without making them.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .limits import Budget
from .values import Array, Range

VIEWS = (type({}.keys()), type({}.values()), type({}.items()))
SEQUENCES = (list, tuple, set, frozenset, *VIEWS)  # printed item by item, as a list is
PYTHON_NESTING = 900  # under Python's default recursion limit (1,000) less the frames already in use
NUMBER_CHARS = 32  # the longest a float or a small int is written
WORD_CHARS = 200  # a dtype, a device, a module's one-line name ...


def items(value: object, budget: Budget) -> int:
    """How many items nested lists and tuples hold, all levels together, counted as they are walked (the same
    inner list reached 10,000 times counts 10,000 times: that is what == or str() would walk). Iterative:
    a list nested 100,000 deep needs no deep recursion here."""
    walked = 0
    todo = [(value, 0)]
    while todo:
        current, depth = todo.pop()
        if isinstance(current, dict):
            current = [*current.keys(), *current.values()]
        if isinstance(current, SEQUENCES):
            _nested(depth, budget)
            walked += len(current)
            budget.walked(walked)
            todo.extend((item, depth + 1) for item in current if isinstance(item, (*SEQUENCES, dict)))
    return walked


def text_size(value: object, budget: Budget) -> int:
    """An upper bound on the characters of str(value) or repr(value), counted without making the text (and
    stopped as soon as it is over the limit on one string)."""
    counted = 0
    todo = [(value, 0)]
    while todo:
        current, depth = todo.pop()
        if isinstance(current, dict):
            _nested(depth, budget)
            counted += 2 + 4 * len(current)
            todo.extend((item, depth + 1) for item in (*current.keys(), *current.values()))
        elif isinstance(current, SEQUENCES):
            _nested(depth, budget)
            counted += 14 + 2 * len(current)  # dict_items([...])
            todo.extend((item, depth + 1) for item in current)
        else:
            counted += _chars(current)
        if counted > budget.limits.chars:
            raise budget.over("chars", f"more than {budget.limits.chars:,}")
    return counted


def _nested(depth: int, budget: Budget) -> None:
    """Lists nested deeper than Python's own recursion limit lets repr() or == walk: Python raises
    RecursionError there, and so does this, before the walk (a snippet runs with a higher limit, for its
    own functions' frames)."""
    if depth > PYTHON_NESTING:
        raise RecursionError("maximum recursion depth exceeded while getting the repr of an object")


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
    if isinstance(value, BaseException):  # str(e) of an error caught: its message, already made
        return len(str(value)) + WORD_CHARS
    if isinstance(value, Array):  # NumPy shows 3 first and 3 last along each dimension past 1,000, as PyTorch does
        shape = np.shape(value.array)
        shown = math.prod(shape) if math.prod(shape) <= 1000 else math.prod(min(size, 6) for size in shape)
        return shown * WORD_CHARS + 8 * len(shape) + WORD_CHARS  # an axes of plt.subplots() is a word
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
