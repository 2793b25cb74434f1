"""The values a snippet's own classes make: the class itself, `super()`, and the `ctx` of a custom autograd
Function. A class has two possible bases, nn.Module and torch.autograd.Function (or a class of the snippet's
made from one of them); interpreter_classes.py makes a real subclass whose protocol methods (__init__,
forward, backward, setup_context) re-enter the interpreter, so PyTorch calls them as it calls Python code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from torch import nn

PROTOCOL = ("__init__", "forward", "backward", "setup_context")  # the only names of the snippet's starting with _


@dataclass(frozen=True, eq=False)
class Base:
    """nn.Module or torch.autograd.Function, as a snippet names them: a base for its classes, and a type for
    isinstance(); nothing else."""

    name: str
    base: type

    def __repr__(self) -> str:
        return f"<class '{self.base.__module__}.{self.base.__qualname__}'>"


@dataclass(eq=False)
class ClassValue:
    """A class the snippet defined: its methods (the snippet's own functions) and its class-level values;
    `made` is the real subclass of nn.Module or torch.autograd.Function PyTorch sees."""

    name: str
    methods: dict[str, Any]  # name -> UserFunction
    values: dict[str, object]
    parent: ClassValue | None
    made: type = field(default=object)

    @property
    def is_module(self) -> bool:
        return issubclass(self.made, nn.Module)

    def method(self, name: str):
        klass: ClassValue | None = self
        while klass is not None:
            if name in klass.methods:
                return klass.methods[name]
            klass = klass.parent
        return None

    def value(self, name: str) -> tuple[bool, object]:
        klass: ClassValue | None = self
        while klass is not None:
            if name in klass.values:
                return True, klass.values[name]
            klass = klass.parent
        return False, None

    def __repr__(self) -> str:
        return f"<class '__main__.{self.name}'>"


@dataclass(frozen=True, eq=False)
class Super:
    """super() in a method: the next class up from `klass` for the object `owner`."""

    klass: ClassValue
    owner: Any  # the ModuleValue (or ctx) the method was called on

    def __repr__(self) -> str:
        return f"<super: <class '{self.klass.name}'>, <{self.klass.name} object>>"


@dataclass(eq=False)
class CtxValue:
    """The `ctx` of a custom Function's forward and backward: what it saves, and the values the snippet sets on
    it (`ctx.alpha = alpha`), kept here and never on PyTorch's object."""

    ctx: Any
    values: dict[str, object] = field(default_factory=dict)

    def __repr__(self) -> str:
        return repr(self.ctx)


def is_user_module(module: object) -> bool:
    """Is this nn.Module an instance of a class the snippet defined?"""
    return isinstance(module, nn.Module) and getattr(type(module), "snippet_class", None) is not None
