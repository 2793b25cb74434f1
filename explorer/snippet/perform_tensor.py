"""What a snippet may read, set and call on a tensor: the allowlist, each entry performed by our code.

Not listed, so absent: register_hook and every other callback, storage and data_ptr, numpy(),
tolist() of huge tensors (bounded like any tensor), pickling, files. Reading `.grad` of a
non-leaf makes PyTorch's own UserWarning, which the page shows as a warning.
"""

from __future__ import annotations

import math

import torch

from .checks import plain, reduced, shape
from .perform_torch import FUNCTIONS, _matmul, computed
from .values import GradFn


def _grad_fn(tensor: torch.Tensor) -> GradFn | None:
    return None if tensor.grad_fn is None else GradFn(tensor.grad_fn)


ATTRIBUTES = {  # read: value.name
    "grad": lambda t: t.grad, "requires_grad": lambda t: t.requires_grad, "is_leaf": lambda t: t.is_leaf,
    "grad_fn": _grad_fn, "shape": lambda t: t.shape, "dtype": lambda t: t.dtype, "T": lambda t: t.T,
    "mT": lambda t: t.mT, "data": lambda t: t.data, "ndim": lambda t: t.ndim, "device": lambda t: t.device,
}  # fmt: skip


def _set_grad(tensor: torch.Tensor, value: object) -> None:
    if value is not None and not isinstance(value, torch.Tensor):
        raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of {type(value).__name__}")
    tensor.grad = value


def _set_requires_grad(tensor: torch.Tensor, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError("requires_grad must be a bool")
    tensor.requires_grad = value


SETTABLE = {"grad": _set_grad, "requires_grad": _set_requires_grad}  # write: value.name = ...


def _method(run):
    """`x.exp()` is torch.exp(x): the same checks and costs, the tensor first."""
    return lambda it, self, *args, **kwargs: run(it, self, *args, **kwargs)


def _backward(it, self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    if inputs is not None:
        raise TypeError("backward(inputs=...) is not available here")
    return it.recorder.backward(self, plain(it.budget, gradient), retain_graph, bool(create_graph))


def _reshaping(name):
    def run(it, self, *sizes):
        sizes = shape(it.budget, sizes)  # the elements of the result (an expand counts what it pretends to hold)
        method = {"view": self.view, "reshape": self.reshape, "expand": self.expand, "repeat": self.repeat}[name]
        if name == "repeat":
            it.budget.elements(self.numel() * max(1, math.prod(sizes)))
        return it.made(method(*sizes))

    return run


def _in_place(name):
    def run(it, self, *args, **kwargs):
        args = tuple(plain(it.budget, a) for a in args)
        kwargs = {k: plain(it.budget, v) for k, v in kwargs.items()}
        method = {"add_": self.add_, "sub_": self.sub_, "mul_": self.mul_, "div_": self.div_, "zero_": self.zero_,
                  "fill_": self.fill_, "clamp_": self.clamp_, "requires_grad_": self.requires_grad_,
                  "uniform_": self.uniform_, "normal_": self.normal_}[name]  # fmt: skip
        it.budget.spend(self.numel())  # in place: the result has self's shape
        if name != "requires_grad_":
            it.recorder.changed(self)
        return method(*args, **kwargs)

    return run


def _item(it, self):
    return self.item()


def _tolist(it, self):
    it.budget.sequence(self.numel())
    it.budget.making(self.numel())
    return self.tolist()


def _size(it, self, dim=None):
    return self.size() if dim is None else self.size(dim)


def _to(it, self, dtype):
    if not isinstance(dtype, torch.dtype):
        raise TypeError("to() takes a dtype here, such as torch.float64 (every tensor lives on the CPU)")
    it.budget.elements(self.numel())
    return it.made(self.to(dtype))


def _retain_grad(it, self):
    return self.retain_grad()


def _cast(dtype: torch.dtype):
    def run(it, self):
        it.budget.elements(self.numel())
        return it.made(self.to(dtype))

    return run


_CASTS = {"float": torch.float32, "double": torch.float64, "long": torch.int64, "int": torch.int32,
          "bool": torch.bool, "half": torch.float16}  # fmt: skip

METHODS = {
    **{name: _method(run) for name, run in FUNCTIONS.items() if name not in ("where", "allclose", "equal")},
    "permute": _method(computed(torch.permute, lambda budget, *a, **k: reduced(budget, *a))),
    "matmul": _method(_matmul(torch.matmul)), "mm": _method(_matmul(torch.mm, True)),
    "backward": _backward, "item": _item, "tolist": _tolist, "size": _size, "dim": lambda it, self: self.dim(),
    "retain_grad": _retain_grad, "to": _to,
    **{name: _reshaping(name) for name in ("view", "reshape", "expand", "repeat")},
    **{name: _in_place(name) for name in ("add_", "sub_", "mul_", "div_", "zero_", "fill_", "clamp_",
                                          "requires_grad_", "uniform_", "normal_")},
    **{name: _cast(dtype) for name, dtype in _CASTS.items()},
}  # fmt: skip
