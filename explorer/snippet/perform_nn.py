"""The code that performs what `torch.nn`, `torch.nn.functional`, `torch.optim` and `torch.autograd` offer a
snippet, and what it may do with the modules, optimizers and grad_fn nodes it makes: allowlist.py names
what exists, the dicts here map each implementation name used there to its code (a shared one, `Each`,
made for each name from nn's, F's or optim's object of that name)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .checks import parameters, plain, tensors
from .costs import call_module as sized_call
from .costs import linear
from .objects import Base, is_user_module
from .perform_tensor import READ
from .perform_torch import computed
from .values import Each, GradFn, ModuleValue, OptimizerValue, type_name


def _module(make, *, sized=None):
    """A module constructor; `sized(args)` says how many parameters it will hold, checked first."""

    def run(it, *args, **kwargs):
        args = tuple(plain(it.budget, a) for a in args)
        kwargs = {k: plain(it.budget, v) for k, v in kwargs.items()}
        if sized is not None:
            it.budget.elements(sized(*args, **kwargs))
        module = make(*args, **kwargs)
        for parameter in module.parameters():
            it.made(parameter)
        return ModuleValue(module)

    return run


def _linear_size(in_features, out_features, bias=True, **_):
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (in_features, out_features)):
        return 0  # PyTorch says what is wrong
    return in_features * out_features + (out_features if bias else 0)


def _sequential(it, *modules):
    for module in modules:
        if not isinstance(module, ModuleValue):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
    return ModuleValue(nn.Sequential(*(m.module for m in modules)))


def _parameter(it, data, requires_grad=True):
    if not isinstance(data, torch.Tensor):
        raise TypeError("nn.Parameter() takes a tensor")
    return it.made(nn.Parameter(data, requires_grad=bool(requires_grad)))


def _linear_cost(budget, input=None, weight=None, bias=None) -> None:
    linear(budget, input, weight)


PERFORMS_NN = {"linear": _module(nn.Linear, sized=_linear_size), "sequential": _sequential, "parameter": _parameter,
      "parameterless": Each(lambda name: _module(getattr(nn, name))),
      "base": Each(lambda name: Base(f"nn.{name}", nn.Module))}  # fmt: skip
PERFORMS_FUNCTIONAL = {"elementwise": Each(lambda name: computed(getattr(F, name))),  # the inputs broadcast together
              "loss": Each(lambda name: computed(getattr(F, name))),  # sized as elementwise: at most that
              "linear": computed(F.linear, _linear_cost)}  # fmt: skip


def _optimizer(make):
    def run(it, params, *args, **kwargs):
        found = parameters(it.budget, params)
        return OptimizerValue(make(found, *(plain(it.budget, a) for a in args),
                                   **{k: plain(it.budget, v) for k, v in kwargs.items()}))  # fmt: skip

    return run


PERFORMS_OPTIM = {"optimizer": Each(lambda name: _optimizer(getattr(torch.optim, name)))}


def _grad(it, outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None):
    outs = tensors(it.budget, outputs if isinstance(outputs, (list, tuple)) else [outputs])
    ins = tensors(it.budget, inputs if isinstance(inputs, (list, tuple)) else [inputs])
    grads = it.recorder.grad(outs, ins, plain(it.budget, grad_outputs), retain_graph=retain_graph,
                             create_graph=bool(create_graph), allow_unused=allow_unused)  # fmt: skip
    return tuple(it.made(g) if g is not None else None for g in grads)


PERFORMS_AUTOGRAD = {"grad": _grad, "base": Each(lambda name: Base(name, torch.autograd.Function))}
PERFORMS_CTX_ATTRIBUTES = {"read": READ}
PERFORMS_CTX_METHODS = {"ctx_call": Each(lambda name: lambda it, self, *args: getattr(self.ctx, name)(*args))}


# ------------------------------------------------------------- modules and optimizers
def call_module(it, self, *args, **kwargs):
    module = self.module
    if is_user_module(module):  # its forward is the snippet's: every step of it is sized as it runs
        return it.made(module(*args, **kwargs))
    if isinstance(module, nn.Sequential) and len(args) == 1 and not kwargs \
            and any(is_user_module(m) for m in module.modules()):  # fmt: skip
        found = args[0]  # layer by layer, each sized on what the one before it made, as Sequential chains them
        for layer in module:
            found = call_module(it, ModuleValue(layer), found)
        return found
    args = tuple(plain(it.budget, a) for a in args)
    sized_call(it.budget, self.module, args)  # nn.Linear(1, 1000) on a million rows: sized before it runs
    return it.made(self.module(*args, **{k: plain(it.budget, v) for k, v in kwargs.items()}))


def _parameters(it, self, recurse=True):
    return list(self.module.parameters(recurse=bool(recurse)))


def _named_parameters(it, self):
    return [(name, p) for name, p in self.module.named_parameters()]


def _zero_grad(it, self, set_to_none=True):
    target = self.module if isinstance(self, ModuleValue) else self.optimizer
    target.zero_grad(set_to_none=bool(set_to_none))


PERFORMS_MODULE_METHODS = {"parameters": _parameters, "named_parameters": _named_parameters, "zero_grad": _zero_grad,
                  "train": lambda it, self, mode=True: ModuleValue(self.module.train(bool(mode))),
                  "eval": lambda it, self: ModuleValue(self.module.eval())}  # fmt: skip
# read where the module has it; nn.Module raises its own AttributeError where not
PERFORMS_MODULE_ATTRIBUTES = {"read": READ}
PERFORMS_OPTIMIZER_METHODS = {"step": lambda it, self: it.recorder.step(self.optimizer), "zero_grad": _zero_grad}


def _next_functions(node: GradFn) -> tuple:
    return tuple((None if fn is None else GradFn(fn), slot) for fn, slot in node.node.next_functions)


def saved(node: object, name: str) -> object:
    """grad_fn._saved_<name>: what PyTorch saved for the backward pass, read only, for the names PyTorch lists on
    that node (as its own autograd tutorial reads them)."""
    listed = [n for n in dir(node.node) if n.startswith("_saved_")] if isinstance(node, GradFn) else []
    if name not in listed:
        raise AttributeError(f"'{type_name(node)}' object has no attribute '{name}'")
    value = getattr(node.node, name)
    return GradFn(value) if value is not None and type(value).__name__.endswith("Backward0") else value


PERFORMS_GRAD_FN_ATTRIBUTES = {"next_functions": _next_functions}
PERFORMS_GRAD_FN_METHODS = {"name": lambda it, self: self.node.name()}
