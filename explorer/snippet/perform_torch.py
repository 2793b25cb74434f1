"""What `torch` offers a snippet: each name mapped to the code that performs it (the allowlist).

Nothing here reads files, loads code, compiles or registers callbacks: `torch.load`, `torch.save`,
`torch.from_file`, `torch.hub`, `torch.jit`, `torch.compile`, `torch.ops` and `torch._C` are simply
not listed, so they do not exist for a snippet.
"""

from __future__ import annotations

import math

import torch

from .checks import broadcast, numel_of, plain, reduced, shape, tensors, whole
from .checks import device as _device
from .costs import diag, product
from .limits import Refused
from .values import Context, Function, Namespace

# ----------------------------------------------------------------------- making tensors


def _creation(make):
    def run(it, *size, dtype=None, requires_grad=False, device=None, **rest):
        _no_out(rest)
        _no_more(it.budget, rest)
        _device(it.budget, device)
        sizes = shape(it.budget, size)
        return it.made(make(sizes, dtype=plain(it.budget, dtype), requires_grad=bool(requires_grad)))

    return run


def _tensor(it, data, dtype=None, requires_grad=False, device=None):
    _device(it.budget, device)
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


# Elementwise: the result is the inputs broadcast together. REDUCING: no larger than the inputs (a sum, a view, a
# comparison to one bool). SIZED: a rule of their own.
COMPUTED = {
    "exp": torch.exp, "log": torch.log, "log2": torch.log2, "log10": torch.log10, "log1p": torch.log1p,
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "asin": torch.asin, "acos": torch.acos,
    "atan": torch.atan, "sinh": torch.sinh, "cosh": torch.cosh, "tanh": torch.tanh, "sqrt": torch.sqrt,
    "abs": torch.abs, "neg": torch.neg, "square": torch.square, "sign": torch.sign, "sigmoid": torch.sigmoid,
    "relu": torch.relu, "erf": torch.erf, "floor": torch.floor, "ceil": torch.ceil, "round": torch.round,
    "pow": torch.pow, "clamp": torch.clamp, "maximum": torch.maximum, "minimum": torch.minimum,
    "where": torch.where, "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "softmax": torch.softmax, "log_softmax": torch.log_softmax, "isclose": torch.isclose,
    "isnan": torch.isnan, "isfinite": torch.isfinite, "clone": torch.clone, "cumsum": torch.cumsum,
}  # fmt: skip
REDUCING = {
    "sum": torch.sum, "mean": torch.mean, "prod": torch.prod, "max": torch.max, "min": torch.min,
    "argmax": torch.argmax, "argmin": torch.argmin, "norm": torch.norm, "std": torch.std, "var": torch.var,
    "t": torch.t, "transpose": torch.transpose, "reshape": torch.reshape, "flatten": torch.flatten,
    "unsqueeze": torch.unsqueeze, "squeeze": torch.squeeze, "dot": torch.dot, "allclose": torch.allclose,
    "equal": torch.equal, "numel": torch.numel, "detach": torch.detach, "trace": torch.trace,
}  # fmt: skip
SIZED = {"diag": (torch.diag, _diag)}
FUNCTIONS = {**{n: computed(f) for n, f in COMPUTED.items()},
             **{n: computed(f, _reducing) for n, f in REDUCING.items()},
             **{n: computed(f, cost) for n, (f, cost) in SIZED.items()}}  # fmt: skip

TORCH: dict[str, object] = {
    "tensor": Function("torch.tensor", _tensor),
    "zeros": Function("torch.zeros", _creation(torch.zeros)), "ones": Function("torch.ones", _creation(torch.ones)),
    "rand": Function("torch.rand", _creation(torch.rand)), "randn": Function("torch.randn", _creation(torch.randn)),
    "full": Function("torch.full", _full), "arange": Function("torch.arange", _arange),
    "linspace": Function("torch.linspace", _linspace), "eye": Function("torch.eye", _eye),
    "randint": Function("torch.randint", _randint),
    "zeros_like": Function("torch.zeros_like", _like(torch.zeros_like)),
    "ones_like": Function("torch.ones_like", _like(torch.ones_like)),
    "randn_like": Function("torch.randn_like", _like(torch.randn_like)),
    "manual_seed": Function("torch.manual_seed", _manual_seed),
    "matmul": Function("torch.matmul", _matmul(torch.matmul)), "mm": Function("torch.mm", _matmul(torch.mm, True)),
    "cat": Function("torch.cat", _joined(torch.cat)), "stack": Function("torch.stack", _joined(torch.stack)),
    "outer": Function("torch.outer", _outer),
    "no_grad": Function("torch.no_grad", _context("no_grad", False)),
    "enable_grad": Function("torch.enable_grad", _context("enable_grad", True)),
    "set_grad_enabled": Function("torch.set_grad_enabled", _set_grad_enabled),
    "is_grad_enabled": Function("torch.is_grad_enabled", lambda it: torch.is_grad_enabled()),
    "float32": torch.float32, "float": torch.float32, "float64": torch.float64, "double": torch.float64,
    "float16": torch.float16, "int64": torch.int64, "long": torch.int64, "int32": torch.int32, "int": torch.int32,
    "bool": torch.bool, "pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan,
    **{name: Function(f"torch.{name}", run) for name, run in FUNCTIONS.items()},
}  # fmt: skip


def namespaces(nn: Namespace, optim: Namespace, autograd: Namespace) -> Namespace:
    """The `torch` namespace with its submodules (made in perform_nn, which needs this module's helpers)."""
    return Namespace("torch", {**TORCH, "nn": nn, "optim": optim, "autograd": autograd})
