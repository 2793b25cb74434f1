"""What `torch` offers a snippet: each name mapped to the code that performs it (the allowlist).

Nothing here reads files, loads code, compiles or registers callbacks: `torch.load`, `torch.save`,
`torch.from_file`, `torch.hub`, `torch.jit`, `torch.compile`, `torch.ops` and `torch._C` are simply
not listed, so they do not exist for a snippet.
"""

from __future__ import annotations

import math

import torch

from .checks import broadcast, matmul, numel_of, plain, shape, tensors
from .values import Context, Function, Namespace

# ----------------------------------------------------------------------- making tensors


def _creation(make):
    def run(it, *size, dtype=None, requires_grad=False, **rest):
        _no_out(rest)
        sizes = shape(it.budget, size)
        return it.made(make(sizes, dtype=plain(it.budget, dtype), requires_grad=bool(requires_grad), **rest))

    return run


def _tensor(it, data, dtype=None, requires_grad=False):
    it.budget.elements(numel_of(data, it.budget))
    return it.made(torch.tensor(plain(it.budget, data), dtype=plain(it.budget, dtype), requires_grad=requires_grad))


def _full(it, size, fill_value, dtype=None, requires_grad=False):
    return it.made(torch.full(shape(it.budget, (size,)), plain(it.budget, fill_value), dtype=plain(it.budget, dtype),
                              requires_grad=requires_grad))  # fmt: skip


def _arange(it, start, end=None, step=1, dtype=None, requires_grad=False):
    begin, stop = (0, start) if end is None else (start, end)
    for bound in (begin, stop, step):
        if not isinstance(bound, (int, float)) or isinstance(bound, bool) or not math.isfinite(bound):
            raise TypeError("arange() takes finite numbers for start, end and step")
    if step != 0:
        it.budget.elements(max(0, math.ceil((stop - begin) / step)))
    return it.made(torch.arange(begin, stop, step, dtype=plain(it.budget, dtype), requires_grad=requires_grad))


def _linspace(it, start, end, steps, dtype=None, requires_grad=False):
    it.budget.elements(steps if isinstance(steps, int) else 0)
    return it.made(torch.linspace(plain(it.budget, start), plain(it.budget, end), steps, dtype=plain(it.budget, dtype),
                                  requires_grad=requires_grad))  # fmt: skip


def _eye(it, n, m=None, dtype=None, requires_grad=False):
    shape(it.budget, (n, n if m is None else m))
    args = (n,) if m is None else (n, m)
    return it.made(torch.eye(*args, dtype=plain(it.budget, dtype), requires_grad=requires_grad))


def _randint(it, low, high, size, dtype=None):
    return it.made(torch.randint(low, high, shape(it.budget, (size,)), dtype=plain(it.budget, dtype)))


def _like(make):
    def run(it, input, dtype=None, requires_grad=False):
        it.budget.elements(input.numel() if isinstance(input, torch.Tensor) else 0)
        return it.made(make(plain(it.budget, input), dtype=plain(it.budget, dtype), requires_grad=requires_grad))

    return run


def _manual_seed(it, seed):
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"manual_seed expected an int, got {type(seed).__name__}")
    return torch.manual_seed(seed)


# ------------------------------------------------------------------ computing with them
def _no_out(kwargs: dict) -> None:
    if "out" in kwargs:
        raise TypeError("out= is not available here: use the returned tensor")


def computed(fn):
    """A torch function of tensors and numbers that makes nothing larger than its broadcast inputs."""

    def run(it, *args, **kwargs):
        _no_out(kwargs)
        args = tuple(plain(it.budget, a) for a in args)
        kwargs = {k: plain(it.budget, v) for k, v in kwargs.items()}
        broadcast(it.budget, *args)
        return it.made(fn(*args, **kwargs))

    return run


def _matmul(fn):
    def run(it, input, other):
        matmul(it.budget, input, other)
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


COMPUTED = {
    "exp": torch.exp, "log": torch.log, "log2": torch.log2, "log10": torch.log10, "log1p": torch.log1p,
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "asin": torch.asin, "acos": torch.acos,
    "atan": torch.atan, "sinh": torch.sinh, "cosh": torch.cosh, "tanh": torch.tanh, "sqrt": torch.sqrt,
    "abs": torch.abs, "neg": torch.neg, "square": torch.square, "sign": torch.sign, "sigmoid": torch.sigmoid,
    "relu": torch.relu, "erf": torch.erf, "floor": torch.floor, "ceil": torch.ceil, "round": torch.round,
    "pow": torch.pow, "clamp": torch.clamp, "maximum": torch.maximum, "minimum": torch.minimum,
    "where": torch.where, "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "softmax": torch.softmax, "log_softmax": torch.log_softmax, "sum": torch.sum, "mean": torch.mean,
    "prod": torch.prod, "max": torch.max, "min": torch.min, "argmax": torch.argmax, "argmin": torch.argmin,
    "norm": torch.norm, "std": torch.std, "var": torch.var, "t": torch.t, "transpose": torch.transpose,
    "reshape": torch.reshape, "flatten": torch.flatten, "unsqueeze": torch.unsqueeze, "squeeze": torch.squeeze,
    "dot": torch.dot, "allclose": torch.allclose, "isclose": torch.isclose, "equal": torch.equal,
    "isnan": torch.isnan, "isfinite": torch.isfinite, "numel": torch.numel, "clone": torch.clone,
    "detach": torch.detach, "diag": torch.diag, "trace": torch.trace, "cumsum": torch.cumsum,
}  # fmt: skip

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
    "matmul": Function("torch.matmul", _matmul(torch.matmul)), "mm": Function("torch.mm", _matmul(torch.mm)),
    "cat": Function("torch.cat", _joined(torch.cat)), "stack": Function("torch.stack", _joined(torch.stack)),
    "outer": Function("torch.outer", _outer),
    "no_grad": Function("torch.no_grad", _context("no_grad", False)),
    "enable_grad": Function("torch.enable_grad", _context("enable_grad", True)),
    "set_grad_enabled": Function("torch.set_grad_enabled", _set_grad_enabled),
    "is_grad_enabled": Function("torch.is_grad_enabled", lambda it: torch.is_grad_enabled()),
    "float32": torch.float32, "float": torch.float32, "float64": torch.float64, "double": torch.float64,
    "float16": torch.float16, "int64": torch.int64, "long": torch.int64, "int32": torch.int32, "int": torch.int32,
    "bool": torch.bool, "pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan,
    **{name: Function(f"torch.{name}", computed(fn)) for name, fn in COMPUTED.items()},
}  # fmt: skip


def namespaces(nn: Namespace, optim: Namespace, autograd: Namespace) -> Namespace:
    """The `torch` namespace with its submodules (made in tables_nn, which needs this module's helpers)."""
    return Namespace("torch", {**TORCH, "nn": nn, "optim": optim, "autograd": autograd})
