"""The code that performs what a snippet may read, set and call on a tensor (and on a torch.Size).

allowlist.py names what exists (TENSOR_ATTRIBUTES, TENSOR_SETTABLE, TENSOR_METHODS, SIZE_METHODS); the
dicts here map each implementation name used there to its code, a shared one (`Each`) made for each
name from Tensor's own method or dtype of that name. Not listed, so absent: register_hook and every
other callback, storage and data_ptr, tolist() of huge tensors (bounded like any tensor),
pickling, files. Reading `.grad` of a non-leaf makes PyTorch's own UserWarning, which the page shows
as a warning.
"""

from __future__ import annotations

import math

import torch

from .checks import plain, reduced, shape
from .perform_torch import _diag, _matmul, _reducing, computed, dtype
from .values import Array, Each, GradFn


def _grad_fn(tensor: torch.Tensor) -> GradFn | None:
    return None if tensor.grad_fn is None else GradFn(tensor.grad_fn)


def _read(name: str):
    """value.name, read as PyTorch (or nn.Module, with its own AttributeError) reads it; name is the allowlist's."""
    return lambda value: getattr(value, name)


READ = Each(_read)
PERFORMS_TENSOR_ATTRIBUTES = {"read": READ, "grad_fn": _grad_fn}  # read: value.name


def _set_grad(tensor: torch.Tensor, value: object) -> None:
    if value is not None and not isinstance(value, torch.Tensor):
        raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of {type(value).__name__}")
    tensor.grad = value


def _set_requires_grad(tensor: torch.Tensor, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError("requires_grad must be a bool")
    tensor.requires_grad = value


PERFORMS_TENSOR_SETTABLE = {"grad": _set_grad, "requires_grad": _set_requires_grad}  # write: value.name = ...


def _method(run):
    """`x.exp()` is torch.exp(x): the same checks and costs, the tensor first."""
    return lambda it, self, *args, **kwargs: run(it, self, *args, **kwargs)


def _permute(input, *dims):
    """x.permute(1, 2, 0) or x.permute((1, 2, 0)): PyTorch takes both."""
    return torch.permute(input, dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims)


def _backward(it, self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    if inputs is not None:
        raise TypeError("backward(inputs=...) is not available here")
    return it.recorder.backward(self, plain(it.budget, gradient), retain_graph, bool(create_graph))


def _reshaping(name):
    method = getattr(torch.Tensor, name)  # view, reshape, expand, repeat

    def run(it, self, *sizes):
        sizes = shape(it.budget, sizes)  # the elements of the result (an expand counts what it pretends to hold)
        if name == "repeat":
            it.budget.elements(self.numel() * max(1, math.prod(sizes)))
        return it.made(method(self, *sizes))

    return run


def _in_place(name):
    method = getattr(torch.Tensor, name)  # add_, zero_, requires_grad_ ...
    if not name.endswith("_"):
        raise TypeError(f"Tensor.{name} does not work in place")

    def run(it, self, *args, **kwargs):
        args = tuple(plain(it.budget, a) for a in args)
        kwargs = {k: plain(it.budget, v) for k, v in kwargs.items()}
        it.budget.spend(self.numel())  # in place: the result has self's shape
        if name != "requires_grad_":
            it.recorder.changed(self)
        return method(self, *args, **kwargs)

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


def _numpy(it, self, force=False):
    """x.numpy(): PyTorch's own RuntimeError when x requires grad ("Use tensor.detach().numpy() instead."); the
    array shares the tensor's numbers, as in PyTorch."""
    it.budget.spend(self.numel())
    return Array(self.numpy(force=bool(force)))


def _retain_grad(it, self):
    return self.retain_grad()


def _cast(dtype: torch.dtype):
    def run(it, self):
        it.budget.elements(self.numel())
        return it.made(self.to(dtype))

    return run


PERFORMS_TENSOR_METHODS = {
    "elementwise": Each(lambda name: _method(computed(getattr(torch, name)))),  # x.exp() is torch.exp(x)
    "no_larger": Each(lambda name: _method(computed(getattr(torch, name), _reducing))),
    "diag": _method(computed(torch.diag, _diag)),
    "permute": _method(computed(_permute, lambda budget, *a, **k: reduced(budget, *a))),
    "matmul": _method(_matmul(torch.matmul)), "mm": _method(_matmul(torch.mm, True)),
    "backward": _backward, "item": _item, "tolist": _tolist, "size": _size, "dim": lambda it, self: self.dim(),
    "retain_grad": _retain_grad, "to": _to, "numpy": _numpy, "reshaping": Each(_reshaping),
    "in_place": Each(_in_place),
    "cast": Each(lambda name: _cast(dtype(name))),  # x.float() is x.to(torch.float) ...
}  # fmt: skip
PERFORMS_SIZE_METHODS = {"numel": lambda it, self: self.numel()}
