"""PyTorch's own errors, kept as PyTorch words them, with a plain-words note for the classic mistakes.

`capture` runs one PyTorch call and returns what it raised as plain data: the exception's type
and message exactly as Python ends a traceback with them (`RuntimeError: element 0 of tensors
does not require grad and does not have a grad_fn`). `note` names the catalog key of a plain
explanation when the message is one a learner meets (matched on PyTorch's stable wording).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# PyTorch's wording (torch 2.13) -> the catalog key of the explanation.
NOTES = (
    ("does not require grad and does not have a grad_fn", "mistake.no_grad_fn"),
    ("Trying to backward through the graph a second time", "mistake.backward_twice"),
    ("One of the differentiated Tensors does not require grad", "mistake.input_not_tracked"),
)


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
        return next((key for wording, key in NOTES if wording in self.message), None)


def raised(exc: BaseException) -> Raised:
    return Raised(type(exc).__name__, str(exc))


def capture(call: Callable[[], T]) -> T | Raised:
    """`call()`'s result, or what PyTorch raised (RuntimeError and the errors autograd raises)."""
    try:
        return call()
    except (RuntimeError, ValueError, TypeError, IndexError) as exc:
        return raised(exc)
