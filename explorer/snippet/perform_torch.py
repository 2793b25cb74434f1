"""The code that performs what `torch` offers a snippet (allowlist.py, section TORCH names what exists).

Nothing here reads files, loads code, compiles or registers callbacks: `torch.load`, `torch.save`,
`torch.from_file`, `torch.hub`, `torch.jit`, `torch.compile`, `torch.ops` and `torch._C` are simply
not listed, so they do not exist for a snippet. `TORCH` at the end maps each implementation name the
allowlist uses to its code; a shared one (`Each`) is made for each name from torch's object of that name.
"""

from __future__ import annotations

import math

import torch

from .checks import broadcast, numel_of, plain, reduced, shape, tensors, whole
from .checks import device as _device
from .costs import diag, product
from .limits import Refused
from .objects import Base
from .perform_array import from_numpy, numeric
from .perform_builtins import CONSTANT
from .values import Array, Context, Each

# ----------------------------------------------------------------------- making tensors


def _creation(make):
    def run(it, *size, dtype=None, requires_grad=False, device=None, **rest):
        _no_out(rest)
        if "size" in rest and not size:  # torch.randn(size=(3, 4))
            size = (rest.pop("size"),)
        _no_more(it.budget, rest)
        _device(it.budget, device)
        sizes = shape(it.budget, size)
        return it.made(make(sizes, dtype=plain(it.budget, dtype), requires_grad=bool(requires_grad)))

    return run


def _tensor(it, data, dtype=None, requires_grad=False, device=None):
    _device(it.budget, device)
    if isinstance(data, Array):  # what .numpy() made: copied into a new tensor
        return it.made(torch.tensor(numeric(it, data), dtype=plain(it.budget, dtype), requires_grad=requires_grad))
    it.budget.elements(numel_of(data, it.budget))
    return it.made(torch.tensor(plain(it.budget, data), dtype=plain(it.budget, dtype), requires_grad=requires_grad))


def _full(it, size, fill_value, dtype=None, requires_grad=False, device=None):
    _device(it.budget, device)
    return it.made(torch.full(shape(it.budget, (size,)), plain(it.budget, fill_value), dtype=plain(it.budget, dtype),
                              requires_grad=requires_grad))  # fmt: skip


def _bound(value: object) -> float | int:
    """A start, end or step: a finite number (or a one-element tensor holding one), as PyTorch takes it."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and value.dtype != torch.bool:
        value = value.item()
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise TypeError("arange() and linspace() take finite numbers for start, end and step")
    return value


def _arange(it, start, end=None, step=1, dtype=None, requires_grad=False, device=None):
    _device(it.budget, device)
    begin, stop = (0, _bound(start)) if end is None else (_bound(start), _bound(end))
    step = _bound(step)
    if step != 0:
        it.budget.elements(max(0, math.ceil((stop - begin) / step)))
    return it.made(torch.arange(begin, stop, step, dtype=plain(it.budget, dtype), requires_grad=requires_grad))


def _linspace(it, start, end, steps, dtype=None, requires_grad=False, device=None):
    _device(it.budget, device)
    steps = whole(steps, "steps")
    it.budget.elements(max(0, steps))
    return it.made(torch.linspace(_bound(start), _bound(end), steps, dtype=plain(it.budget, dtype),
                                  requires_grad=requires_grad))  # fmt: skip


def _eye(it, n, m=None, dtype=None, requires_grad=False, device=None):
    _device(it.budget, device)
    sizes = shape(it.budget, (n, n if m is None else m))
    return it.made(torch.eye(*sizes, dtype=plain(it.budget, dtype), requires_grad=requires_grad))


def _randint(it, low, high, size, dtype=None, device=None):
    _device(it.budget, device)
    return it.made(torch.randint(whole(low, "low"), whole(high, "high"), shape(it.budget, (size,)),
                                 dtype=plain(it.budget, dtype)))  # fmt: skip


def _like(make):
    def run(it, input, dtype=None, requires_grad=False, device=None):
        _device(it.budget, device)
        it.budget.elements(input.numel() if isinstance(input, torch.Tensor) else 0)
        return it.made(make(plain(it.budget, input), dtype=plain(it.budget, dtype), requires_grad=requires_grad))

    return run


def _no_more(budget, kwargs: dict) -> None:
    for name in kwargs:
        raise Refused("snippet.keyword", budget.line, 0, name=name)


def _manual_seed(it, seed):
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"manual_seed expected an int, got {type(seed).__name__}")
    return torch.manual_seed(seed)


# ------------------------------------------------------------------ computing with them
def _no_out(kwargs: dict) -> None:
    if "out" in kwargs:
        raise TypeError("out= is not available here: use the returned tensor")


def _elementwise(budget, *args, **kwargs) -> None:
    broadcast(budget, *args)


def computed(fn, cost=_elementwise):
    """A torch function of tensors and numbers, sized by `cost` before it runs: by default an elementwise one,
    whose result is its inputs broadcast together (`reduced`: no larger than its inputs)."""

    def run(it, *args, **kwargs):
        _no_out(kwargs)
        args = tuple(plain(it.budget, a) for a in args)
        kwargs = {k: plain(it.budget, v) for k, v in kwargs.items()}
        cost(it.budget, *args, **kwargs)
        return it.made(fn(*args, **kwargs))

    return run


def _reducing(budget, *args, **kwargs) -> None:
    reduced(budget, *args)


def _diag(budget, input=None, diagonal=0, **_) -> None:
    diag(budget, input, diagonal)
    reduced(budget, input)


def _matmul(fn, square: bool = False):
    def run(it, input, other):
        product(it.budget, input, other, square)
        return it.made(fn(plain(it.budget, input), plain(it.budget, other)))

    return run


def _joined(fn):
    def run(it, tensors_, dim=0):
        parts = tensors(it.budget, tensors_)
        it.budget.elements(sum(p.numel() for p in parts))
        return it.made(fn(parts, dim=dim))

    return run


def _outer(it, input, vec2):
    if isinstance(input, torch.Tensor) and isinstance(vec2, torch.Tensor):
        it.budget.elements(input.numel() * vec2.numel())
    return it.made(torch.outer(plain(it.budget, input), plain(it.budget, vec2)))


def _context(name: str, enabled: bool):
    return lambda it: Context(name, enabled)


def _set_grad_enabled(it, mode):
    return Context("set_grad_enabled", bool(mode))


def dtype(name: str) -> torch.dtype:
    """torch's dtype of that name: torch.float32, and its other names (torch.float, torch.double ...)."""
    value = getattr(torch, name)
    if not isinstance(value, torch.dtype):
        raise TypeError(f"torch.{name} is not a dtype")
    return value


def _torch_device(it, kind, index=None):
    """torch.device("cpu"): the one device here (a GPU's name is refused, saying so)."""
    _device(it.budget, kind if index is None else f"{kind}:{index}")
    return torch.device("cpu")


PERFORMS_TORCH = {
    "device": _torch_device, "type": Each(lambda name: Base(f"torch.{name}", torch.Tensor)),
    "tensor": _tensor, "from_shape": Each(lambda name: _creation(getattr(torch, name))), "full": _full,
    "arange": _arange, "linspace": _linspace, "eye": _eye, "randint": _randint,
    "shaped_like": Each(lambda name: _like(getattr(torch, name))), "manual_seed": _manual_seed,
    "matmul": _matmul(torch.matmul), "mm": _matmul(torch.mm, True),
    "joined": Each(lambda name: _joined(getattr(torch, name))), "outer": _outer,
    "no_grad": _context("no_grad", False), "enable_grad": _context("enable_grad", True),
    "set_grad_enabled": _set_grad_enabled, "is_grad_enabled": lambda it: torch.is_grad_enabled(),
    "dtype": Each(dtype), "constant": CONSTANT,
    "elementwise": Each(lambda name: computed(getattr(torch, name))),  # the inputs broadcast together
    "no_larger": Each(lambda name: computed(getattr(torch, name), _reducing)),  # no larger than the inputs
    "diag": computed(torch.diag, _diag),  # a rule of its own
    "from_numpy": from_numpy,
}  # fmt: skip
