"""PyTorch's own errors, kept as PyTorch words them, with a plain-words note for the classic mistakes.

`capture` runs one PyTorch call and returns what it raised as plain data: the exception's type
and message exactly as Python ends a traceback with them (`RuntimeError: element 0 of tensors
does not require grad and does not have a grad_fn`). `note` names the catalog key of a plain
explanation when the message is one a learner meets (matched on PyTorch's stable wording).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# PyTorch's wording (torch 2.13), as a pattern whose named groups become the note's parameters -> the
# catalog key of the explanation. Warnings are matched the same way.
NOTES = tuple((re.compile(wording), key) for wording, key in (
    ("does not require grad and does not have a grad_fn", "mistake.no_grad_fn"),
    ("Trying to backward through the graph a second time", "mistake.backward_twice"),
    ("One of the differentiated Tensors does not require grad", "mistake.input_not_tracked"),
    ("grad can be implicitly created only for scalar outputs", "mistake.non_scalar"),
    (r"modified by an inplace operation: \[(?P<tensor>.+?\])\], which is output (?P<output>\d+) of (?P<op>\w+), "
     r"is at version (?P<now>\d+); expected version (?P<then>\d+)", "mistake.inplace_saved"),
    ("a leaf Variable that requires grad is being used in an in-place operation", "mistake.inplace_leaf"),
    ("Only Tensors of floating point and complex dtype can require gradients", "mistake.integer_grad"),
    ("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed", "mistake.non_leaf_grad"),
    ("Can't call numpy\\(\\) on Tensor that requires grad", "mistake.numpy_grad"),
    (r"mat1 and mat2 shapes cannot be multiplied \((?P<a>\d+x\d+) and (?P<b>\d+x\d+)\)", "mistake.matmul_shapes"),
    (r"The size of tensor a \((?P<a>\d+)\) must match the size of tensor b \((?P<b>\d+)\) at non-singleton "
     r"dimension (?P<dim>\d+)", "mistake.broadcast"),
))  # fmt: skip


def explanation(message: str) -> tuple[str, dict[str, str]] | None:
    """The catalog key of a plain-words note for one of PyTorch's messages, and the numbers it names."""
    for pattern, key in NOTES:
        found = pattern.search(message)
        if found:
            return key, found.groupdict()
    return None


@dataclass(frozen=True)
class Raised:
    """An exception PyTorch raised: `RuntimeError` and its message, as a traceback's last line shows them."""

    type: str
    message: str

    @property
    def line(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type

    @property
    def note(self) -> str | None:
        """The catalog key of a plain-words explanation, for the mistakes every learner makes once."""
        found = explanation(self.message)
        return None if found is None else found[0]

    @property
    def note_params(self) -> dict[str, str]:
        found = explanation(self.message)
        return {} if found is None else found[1]


def raised(exc: BaseException) -> Raised:
    return Raised(type(exc).__name__, str(exc))


def capture(call: Callable[[], T]) -> T | Raised:
    """`call()`'s result, or what PyTorch raised (RuntimeError and the errors autograd raises)."""
    try:
        return call()
    except (RuntimeError, ValueError, TypeError, IndexError) as exc:
        return raised(exc)
