"""The values a snippet can hold besides numbers, strings, lists, tuples and tensors: our own wrappers.

Each wrapper holds the real PyTorch object it stands for and shows itself as Python would show
that object, but offers nothing by itself: what a snippet may do with it is listed in
explorer/snippet/allowlist.py and done by our code (perform_*.py, put together by tables.py). A
wrapper has no attribute a snippet can reach; user text never reaches `getattr`. Also here: `Each`,
the mark of an implementation that several allowlisted names share.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import torch

from .objects import CtxValue


@dataclass(frozen=True, eq=False)
class Function:
    """A callable the tables offer: `torch.randn`, `print`, `nn.Linear` ... performed by `run`."""

    name: str  # as Python would call it, for messages: "torch.randn", "print"
    run: Callable[..., Any]  # run(interpreter, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<built-in function {self.name.rsplit('.', 1)[-1]}>"


@dataclass(frozen=True, eq=False)
class Each:
    """An implementation several allowlist names share, made once for each name at import: for `"exp":
    "elementwise"`, Each(lambda name: computed(getattr(torch, name))) gives the code that performs torch.exp."""

    make: Callable[[str], Any]  # make(name) -> the run, or the value (a dtype, a constant)


@dataclass(frozen=True, eq=False)
class Namespace:
    """A module a snippet imported (`torch`, `torch.nn`, `numpy`): only the members listed here exist."""

    name: str
    members: Mapping[str, Any] = field(repr=False)

    def __repr__(self) -> str:
        return f"<module '{self.name}'>"


@dataclass(frozen=True, eq=False)
class Method:
    """A method looked up on a value (`loss.backward`), bound to it, performed by `run`."""

    name: str
    owner: Any
    run: Callable[..., Any]  # run(interpreter, owner, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<built-in method {self.name}>"


@dataclass(eq=False)
class ModuleValue:
    """An nn.Module the snippet made (nn.Linear(3, 2), nn.Sequential(...), nn.MSELoss())."""

    module: torch.nn.Module

    def __repr__(self) -> str:
        return repr(self.module)


@dataclass(eq=False)
class OptimizerValue:
    optimizer: torch.optim.Optimizer

    def __repr__(self) -> str:
        return repr(self.optimizer)


@dataclass(frozen=True, eq=False)
class GradFn:
    """A tensor's grad_fn: its class name and its next_functions can be read; nothing else."""

    node: Any

    def __repr__(self) -> str:
        return repr(self.node)


@dataclass(frozen=True, eq=False)
class Context:
    """`torch.no_grad()`, `torch.enable_grad()`, `torch.set_grad_enabled(b)`: only usable in `with`."""

    name: str
    enabled: bool  # gradients on or off inside the block

    def __repr__(self) -> str:
        return f"<torch.autograd.grad_mode.{self.name} object>"


@dataclass(frozen=True)
class Range:
    """range(start, stop, step): iterated by the interpreter, which counts every iteration."""

    start: int
    stop: int
    step: int

    def __len__(self) -> int:
        return len(range(self.start, self.stop, self.step))

    def __iter__(self):
        return iter(range(self.start, self.stop, self.step))

    def __repr__(self) -> str:
        return repr(range(self.start, self.stop, self.step))


@dataclass(frozen=True, eq=False)
class Array:
    """What tensor.numpy() returns (and plt.hist's counts, plt.subplots' grid of axes): a NumPy array (or the NumPy
    scalar an index picked), shown as NumPy shows it. It can be measured, indexed by numbers and slices, listed,
    drawn and made a tensor again (torch.tensor, torch.from_numpy); arithmetic on it is not available."""

    array: Any  # numpy.ndarray or numpy.generic, made by our code only

    def __repr__(self) -> str:
        return repr(self.array)

    def __str__(self) -> str:
        return str(self.array)

    def __bool__(self) -> bool:
        return bool(self.array)  # NumPy's own ValueError for more than one element


class Kinded:
    """A wrapper defined next to the code that uses it (explorer/snippet/plt_values.py: a figure, an axes):
    `kind` names its tables in allowlist.py, `python_type` its type as Python's messages name it."""

    kind: ClassVar[str] = ""
    python_type: ClassVar[str] = ""


def kind(value: object) -> str:
    """The table a value's attributes and methods are looked up in."""
    if isinstance(value, torch.Tensor):
        return "tensor"
    if isinstance(value, Array):
        return "array"
    if isinstance(value, Kinded):
        return value.kind
    if isinstance(value, ModuleValue):
        return "module"
    if isinstance(value, OptimizerValue):
        return "optimizer"
    if isinstance(value, GradFn):
        return "grad_fn"
    if isinstance(value, torch.Size):
        return "size"
    if isinstance(value, Namespace):
        return "namespace"
    if isinstance(value, CtxValue):
        return "ctx"
    return type(value).__name__


def type_name(value: object) -> str:
    """How Python names the value's type in its messages ('Linear' object has no attribute ...)."""
    inner = {ModuleValue: lambda v: v.module, OptimizerValue: lambda v: v.optimizer, GradFn: lambda v: v.node}
    for wrapper, unwrap in inner.items():
        if isinstance(value, wrapper):
            return type(unwrap(value)).__name__
    if isinstance(value, Namespace):
        return "module"
    if isinstance(value, (Function, Method)):
        return "builtin_function_or_method"
    if isinstance(value, Range):
        return "range"
    if isinstance(value, Array):
        return type(value.array).__name__  # ndarray, float32 ...
    if isinstance(value, Kinded):
        return value.python_type
    return type(value).__name__


@dataclass(eq=False)
class Generated:
    """A generator expression's items, made when it is made (`sum(x * x for x in xs)`); iterated once, as a
    generator is."""

    items: list

    def take(self) -> list:
        taken, self.items = self.items, []
        return taken

    def __repr__(self) -> str:
        return f"<generator object <genexpr> at {id(self):#x}>"


@dataclass(frozen=True, eq=False)
class ErrorClass:
    """A Python exception class a snippet can name in `except`, `raise` or `isinstance` (ValueError ...)."""

    name: str
    error: type[BaseException]

    def __repr__(self) -> str:
        return f"<class '{self.name}'>"


@dataclass(frozen=True, eq=False)
class Marker:
    """A name with no behaviour of its own that the interpreter recognises where it is written (staticmethod)."""

    name: str

    def __repr__(self) -> str:
        return f"<class '{self.name}'>"
