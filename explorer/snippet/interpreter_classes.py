"""The snippet's own classes: `class Net(nn.Module)` and `class P3(torch.autograd.Function)`.

A class statement makes a real subclass of its base (type() with a namespace of our own closures: nothing of
the snippet's text is run by Python) whose protocol methods re-enter the interpreter: nn.Module's __call__
calls our `forward`, autograd's engine our `backward`. What a method sets on `self` goes where nn.Module
would put it (a module or a parameter into the module's own registries), plain values into a dict of ours;
what it sets on `ctx` into the CtxValue. Reading `self.name` looks in the same places in Python's order."""

from __future__ import annotations

import ast
import weakref

import torch
from torch import nn

from .limits import Refused
from .objects import Base, ClassValue, CtxValue, Super
from .scopes import BoundMethod
from .values import Function, Method, ModuleValue, type_name


class Classes:
    """Mixed into the Interpreter: `self.define`, `self.call_user`, `self.made` come from there."""

    def define_class(self, node: ast.ClassDef) -> ClassValue:
        base = self.value_of(node.bases[0]) if len(node.bases) == 1 else None
        if isinstance(base, Base):
            parent, real = None, base.base
        elif isinstance(base, ClassValue):
            parent, real = base, base.made
        else:
            real = None
        if real is None or not issubclass(real, (nn.Module, torch.autograd.Function)):  # torch.Tensor: a type only
            raise Refused("snippet.class_base", node.lineno, node.col_offset, name=node.name)
        klass = ClassValue(node.name, {}, {}, parent)
        for statement in node.body:
            self.budget.line = statement.lineno
            if isinstance(statement, ast.FunctionDef):
                method = self.define(statement, qualname=f"{node.name}.{statement.name}")
                method.klass = klass
                klass.methods[statement.name] = method
            elif isinstance(statement, ast.Assign):
                value = self.value_of(statement.value)
                for target in statement.targets:
                    klass.values[target.id] = value  # type: ignore[attr-defined] (a name: checked in syntax.py)
        namespace: dict[str, object] = {"__module__": "__main__", "__qualname__": node.name, "snippet_class": klass}
        if issubclass(real, nn.Module):
            for name in ("__init__", "forward"):
                if name in klass.methods:
                    namespace[name] = self._module_hook(klass, name)
        else:
            for name in ("forward", "backward", "setup_context"):
                if name in klass.methods:
                    namespace[name] = staticmethod(self._function_hook(klass, name))
        klass.made = type(node.name, (real,), namespace)
        return klass

    def _module_hook(self, klass: ClassValue, name: str):
        method = klass.methods[name]

        def hook(module, *args, **kwargs):
            result = self.call_user(method, [ModuleValue(module), *args], kwargs)
            if name == "__init__" and result is not None:
                raise TypeError(f"__init__() should return None, not '{type_name(result)}'")
            return result

        return hook

    def _function_hook(self, klass: ClassValue, name: str):
        method = klass.methods[name]
        ctx_first = name != "forward" or "setup_context" not in klass.methods

        def hook(*args):
            if ctx_first:
                args = (self.context_of(args[0]), *args[1:])
            return self.call_user(method, list(args), {})

        return hook

    def context_of(self, ctx) -> CtxValue:
        """The one CtxValue of a ctx, in forward and backward alike."""
        found = self.contexts.get(ctx)
        if found is None:
            found = self.contexts[ctx] = CtxValue(ctx)
        return found

    def instantiate(self, klass: ClassValue, args: list, kwargs: dict):
        if not klass.is_module:
            raise Refused("snippet.function_apply", self.budget.line, 0, name=klass.name)
        module = klass.made(*args, **kwargs)
        for parameter in module.parameters():
            self.made(parameter)
        return ModuleValue(module)

    # ------------------------------------------------------------- attributes, in Python's order
    def own_attribute(self, owner: object, name: str) -> tuple[bool, object]:
        """`self.name` on the snippet's module, a class's own values and methods, `.apply`, `ctx.name`, super()."""
        if isinstance(owner, ModuleValue) and isinstance(getattr(type(owner.module), "snippet_class", None),
                                                          ClassValue):  # fmt: skip
            return self._instance_attribute(owner, name)
        if isinstance(owner, ClassValue):
            if name == "apply" and not owner.is_module:
                return True, Function(f"{owner.name}.apply", lambda it, *args: it.made(owner.made.apply(*args)))
            method = owner.method(name)
            return (True, method) if method is not None else owner.value(name)
        if isinstance(owner, CtxValue) and name in owner.values:
            return True, owner.values[name]
        if isinstance(owner, Super):
            return True, self._super_attribute(owner, name)
        return False, None

    def _instance_attribute(self, owner: ModuleValue, name: str) -> tuple[bool, object]:
        module = owner.module
        values = self.instance_values.get(module, {})
        if name in values:
            return True, values[name]
        klass: ClassValue = type(module).snippet_class  # type: ignore[attr-defined]
        method = klass.method(name)
        if method is not None:
            return True, method if method.static else BoundMethod(method, owner)
        found, value = klass.value(name)
        if found:
            return True, value
        for registry in (module._parameters, module._buffers):
            if name in registry:
                return True, self.made(registry[name])
        if name in module._modules:
            return True, ModuleValue(module._modules[name])
        return False, None

    def _super_attribute(self, owner: Super, name: str):
        parent = owner.klass.parent
        if name == "__init__":
            target = owner.owner.module if isinstance(owner.owner, ModuleValue) else owner.owner
            return Method("__init__", target, lambda it, obj, *a, **k: super(owner.klass.made, obj).__init__(*a, **k))
        method = parent.method(name) if parent is not None else None
        if method is None:
            raise AttributeError(f"'super' object has no attribute '{name}'")
        return BoundMethod(method, owner.owner)

    def set_own_attribute(self, owner: object, name: str, value: object) -> bool:
        """`self.name = value` in the snippet's module, or `ctx.name = value`: True when done here."""
        if isinstance(owner, CtxValue):
            owner.values[name] = value
            return True
        if not (isinstance(owner, ModuleValue) and isinstance(getattr(type(owner.module), "snippet_class", None),
                                                               ClassValue)):  # fmt: skip
            return False
        module = owner.module
        values = self.instance_values.setdefault(module, {})
        for registry in (values, module._parameters, module._modules):
            registry.pop(name, None)
        if isinstance(value, nn.Parameter):
            module.register_parameter(name, value)
        elif isinstance(value, ModuleValue):
            module.add_module(name, value.module)
        elif isinstance(value, torch.Tensor) and name in module._buffers:
            module._buffers[name] = value
        else:
            values[name] = value
        return True

    def super_of(self, args: tuple) -> Super:
        if args:
            if len(args) != 2 or not isinstance(args[0], ClassValue):
                raise TypeError("super() argument 1 must be a class")
            return Super(args[0], args[1])
        frame = self.frame
        while frame is not None and frame.klass is None:
            frame = frame.parent
        if frame is None or not frame.vars:
            raise RuntimeError("super(): no arguments")
        return Super(frame.klass, frame.first)


def new_contexts() -> weakref.WeakKeyDictionary:
    return weakref.WeakKeyDictionary()
