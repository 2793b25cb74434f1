"""The expressions of the snippet language: constants, names, attribute lookups, calls, lists and f-strings.

A name is the snippet's variable or an allowed builtin; an attribute, a method or a setter is looked up
in the tables built from allowlist.py for the kind of value at hand; a call binds its arguments to our
implementation's signature before it runs, and is remembered so that a walk can be named as it was written.
"""

from __future__ import annotations

import ast
import inspect

import torch

from .checks import plain
from .interpreter_ops import FORMAT_SPEC
from .limits import Refused
from .objects import ClassValue
from .perform_builtins import items_of
from .perform_nn import call_module, saved
from .scopes import BoundMethod, UserFunction
from .tables import ATTRIBUTES, METHODS, SETTABLE
from .text_costs import text_size
from .values import ErrorClass, Function, Method, ModuleValue, Namespace, kind, type_name

CALL_TEXT = 60  # characters of a call's text kept as a walk's name


class Expressions:
    """Mixed into the Interpreter: `self.budget`, `self.env`, `self.made` and the operators come from there."""

    def value_of(self, node: ast.expr):
        self.budget.step()
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                self.budget.sequence(len(node.value))
            return node.value
        if isinstance(node, ast.Name):
            if self.frame is None and node.id in self.env:  # the top level: no scopes to look through
                return self.env[node.id]
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            return self.attribute(self.value_of(node.value), node.attr)
        if isinstance(node, ast.Call):
            func = self.value_of(node.func)
            args, kwargs = self.arguments(node)
            self.calling = node
            return self.call(func, args, kwargs)
        if isinstance(node, ast.BinOp):
            return self.binary(type(node.op), self.value_of(node.left), self.value_of(node.right))
        if isinstance(node, ast.UnaryOp):
            return self.unary(node.op, self.value_of(node.operand))
        if isinstance(node, ast.BoolOp):
            return self.boolean(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            return self.value_of(node.body) if self.truth(self.value_of(node.test)) else self.value_of(node.orelse)
        if isinstance(node, ast.Subscript):
            return self.subscript(self.value_of(node.value), self.index(node.slice))
        if isinstance(node, (ast.List, ast.Tuple)):
            self.budget.sequence(len(node.elts))
            self.budget.making(len(node.elts))
            items = [self.value_of(e) for e in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.Lambda):
            return self.make_lambda(node)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return self.comprehension(node)
        if isinstance(node, (ast.Dict, ast.Set)):
            return self.display(node)
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:  # each part sized before it is made, the whole before it is joined
                parts.append(self.formatted(part))
                self.budget.text(sum(len(p) for p in parts))
            return "".join(parts)
        raise Refused("snippet.not_allowed", getattr(node, "lineno", 0), 0, what=type(node).__name__)

    def arguments(self, node: ast.Call) -> tuple[list, dict]:
        """A call's positional and keyword arguments, with `*items` and `**mapping` spread as Python does."""
        args: list = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                spread = items_of(self, self.value_of(arg.value))
                self.budget.sequence(len(args) + len(spread))
                args.extend(spread)
            else:
                args.append(self.value_of(arg))
        kwargs: dict = {}
        for kw in node.keywords:
            value = self.value_of(kw.value)
            if kw.arg is not None:
                kwargs[kw.arg] = value
                continue
            if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                raise TypeError("argument after ** must be a mapping with string keys")
            if any(k.startswith("_") for k in value):
                raise Refused("snippet.underscore", self.budget.line, 0, name=next(k for k in value if k[0] == "_"))
            self.budget.sequence(len(kwargs) + len(value))
            kwargs.update(value)
        return args, kwargs

    def display(self, node: ast.Dict | ast.Set):
        """A dict or set written out: `{"lr": 0.1}`, `{1, 2}`, with `**other` spread into a dict."""
        self.budget.sequence(len(node.keys if isinstance(node, ast.Dict) else node.elts))
        if isinstance(node, ast.Set):
            self.budget.making(len(node.elts))
            return {self.value_of(e) for e in node.elts}
        made: dict = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                spread = self.value_of(value)
                if not isinstance(spread, dict):
                    raise TypeError(f"'{type_name(spread)}' object is not a mapping")
                self.budget.sequence(len(made) + len(spread))
                self.budget.making(len(spread))
                made.update(spread)
            else:
                made[self.value_of(key)] = self.value_of(value)
        self.budget.making(len(made))
        return made

    def call(self, func: object, args: list, kwargs: dict):
        self.budget.step()
        if isinstance(func, UserFunction):
            return self.call_user(func, args, kwargs)
        if isinstance(func, BoundMethod):
            return self.call_user(func.function, [func.owner, *args], kwargs)
        if isinstance(func, ErrorClass):
            for value in (*args, *kwargs.values()):
                text_size(value, self.budget)
            return func.error(*args, **kwargs)
        if isinstance(func, ClassValue):
            return self.instantiate(func, args, kwargs)
        if isinstance(func, ModuleValue):
            return call_module(self, func, *args, **kwargs)
        if isinstance(func, Function):
            owner, run, name = (), func.run, func.name
        elif isinstance(func, Method):
            owner, run, name = (func.owner,), func.run, func.name
        else:
            raise TypeError(f"'{type_name(func)}' object is not callable")
        try:
            inspect.signature(run).bind(self, *owner, *args, **kwargs)
        except TypeError as exc:
            raise TypeError(f"{name}(): {exc}") from None
        return run(self, *owner, *args, **kwargs)

    def callable_for(self, func: object):
        """A plain Python callable PyTorch can call back (torch.func.grad(f), autograd.functional.jacobian(f, x)):
        each call re-enters this interpreter, under the same budget, exactly as `func(...)` in the snippet."""

        def called(*args, **kwargs):
            return self.call(func, list(args), kwargs)

        return called

    def attribute(self, owner: object, name: str):
        found, value = self.own_attribute(owner, name)
        if found:
            return value
        if name.startswith("_saved_"):
            return self.made(saved(owner, name))
        if isinstance(owner, Namespace):
            if name not in owner.members:
                raise AttributeError(f"module '{owner.name}' has no attribute '{name}'")
            return owner.members[name]
        table = kind(owner)
        if name in ATTRIBUTES.get(table, {}):
            inner = owner.module if table == "module" else owner.ctx if table == "ctx" else owner
            return self.made(ATTRIBUTES[table][name](inner))
        if name in METHODS.get(table, {}):
            return Method(name, owner, METHODS[table][name])
        raise AttributeError(f"'{type_name(owner)}' object has no attribute '{name}'")

    def set_attribute(self, owner: object, name: str, value: object) -> None:
        if self.set_own_attribute(owner, name, value):
            return
        setter = SETTABLE.get(kind(owner), {}).get(name)
        if setter is None:
            raise Refused("snippet.set_attribute", self.budget.line, 0, name=name, kind=type_name(owner))
        setter(owner, value)

    def formatted(self, part: ast.expr) -> str:
        if isinstance(part, ast.Constant):
            return str(part.value)
        assert isinstance(part, ast.FormattedValue)
        value = self.value_of(part.value)
        text_size(value, self.budget)  # before str() or repr() makes the text
        if part.conversion in (ord("r"), ord("a")):
            value = repr(value)
        spec = self.value_of(part.format_spec) if part.format_spec is not None else ""
        if spec and (not FORMAT_SPEC.fullmatch(spec) or not isinstance(value, (int, float, torch.Tensor))):
            raise Refused("snippet.format", self.budget.line, 0, spec=spec)
        return format(plain(self.budget, value), spec) if spec else str(value)

    def call_text(self, receiver: bool = False) -> str:
        """The call being made as the snippet wrote it (`y.sum().backward()`), or what it was called on
        (`y.sum()`): how a walk on a tensor no variable holds is named. Formatted from the parsed tree."""
        node = self.calling
        if node is None:
            return ""
        if receiver:  # y.sum() of y.sum().backward(); y of torch.autograd.grad(y, x)
            on_tensor = isinstance(node.func, ast.Attribute) and node.func.attr == "backward"
            if not on_tensor and not node.args:
                return ""
            node = node.func.value if on_tensor else node.args[0]  # type: ignore[union-attr]
        text = " ".join((ast.get_source_segment(self.source, node) or ast.unparse(node)).split())  # as written
        return text if len(text) <= CALL_TEXT else text[: CALL_TEXT - 1] + "…"

    @staticmethod
    def truth(value: object) -> bool:
        return bool(value)
