"""The statements of the snippet language (assignments, def, return, for, while, if, with, import, del, break,
continue; try, raise and assert are in interpreter_errors.py), each performed by our code and counted as a
step against the limits."""

from __future__ import annotations

import ast

import torch

from .limits import Refused
from .perform_builtins import items_of
from .scopes import Broke, Continued, Returned
from .tables import MODULES
from .values import Context, ModuleValue


class Statements:
    """Mixed into the Interpreter: `self.budget`, `self.env`, `self.value_of` and the rest come from there."""

    def block(self, body: list[ast.stmt], caught: list | None = None) -> None:
        for node in body:
            self.budget.line = node.lineno
            self.statement(node)
            if caught:
                self.warned.extend((node.lineno, w.category.__name__, str(w.message)) for w in caught)
                caught.clear()

    def statement(self, node: ast.stmt) -> None:
        self.budget.step(statement=True)
        if isinstance(node, ast.Expr):
            self.value_of(node.value)
        elif isinstance(node, ast.Assign):
            value = self.value_of(node.value)
            for target in node.targets:
                self.assign(target, value)
        elif isinstance(node, ast.AugAssign):
            self.augmented(node)
        elif isinstance(node, (ast.For, ast.While)):
            self.loop(node)
        elif isinstance(node, ast.FunctionDef):
            self.store(node.name, self.define(node))
        elif isinstance(node, ast.ClassDef):
            self.store(node.name, self.define_class(node))
        elif isinstance(node, ast.Return):
            raise Returned(None if node.value is None else self.value_of(node.value))
        elif isinstance(node, (ast.Try, ast.Raise, ast.Assert)):
            self.handled(node)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self.remove(target)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.assign(node.target, self.value_of(node.value))
        elif isinstance(node, ast.If):
            self.block(node.body if self.truth(self.value_of(node.test)) else node.orelse)
        elif isinstance(node, ast.With):
            self.within(node, list(node.items))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.imports(node)
        elif isinstance(node, ast.Break):
            raise Broke
        elif isinstance(node, ast.Continue):
            raise Continued
        # ast.Pass: nothing to do

    def assign(self, target: ast.expr, value: object) -> None:
        if isinstance(target, ast.Name):
            self.store(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = items_of(self, value)
            if len(items) != len(target.elts):
                few = len(items) < len(target.elts)
                raise ValueError(f"not enough values to unpack (expected {len(target.elts)}, got {len(items)})" if few
                                 else f"too many values to unpack (expected {len(target.elts)})")  # fmt: skip
            for part, item in zip(target.elts, items, strict=True):
                self.assign(part, item)
        elif isinstance(target, ast.Subscript):
            self.set_item(self.value_of(target.value), self.index(target.slice), value)
        elif isinstance(target, ast.Attribute):
            self.set_attribute(self.value_of(target.value), target.attr, value)

    def _nudge(self, name: str, value: object) -> None:
        """Move one element of the nudged leaf (x, or a module's linear.weight) by delta, once, as it is made."""
        leaf, index, delta = self.nudge  # type: ignore[misc]
        tensor = value if leaf == name and isinstance(value, torch.Tensor) else None
        if isinstance(value, ModuleValue) and leaf.startswith(name + "."):
            tensor = dict(value.module.named_parameters()).get(leaf[len(name) + 1 :])
        if tensor is not None and tensor.is_leaf and 0 <= index < tensor.numel():
            with torch.no_grad():
                tensor.view(-1)[index] += delta
            self.nudge = None

    def augmented(self, node: ast.AugAssign) -> None:
        op = type(node.op)
        target = node.target
        value = self.value_of(node.value)
        if isinstance(target, ast.Name):
            self.store(target.id, self.binary(op, self.lookup(target.id), value, inplace=True))
        elif isinstance(target, ast.Subscript):
            owner, index = self.value_of(target.value), self.index(target.slice)
            self.set_item(owner, index, self.binary(op, self.subscript(owner, index), value, inplace=True))
        else:
            assert isinstance(target, ast.Attribute)
            owner = self.value_of(target.value)
            current = self.attribute(owner, target.attr)
            result = self.binary(op, current, value, inplace=True)
            if result is not current:  # an in-place change needs no store (w.grad -= ...)
                self.set_attribute(owner, target.attr, result)

    def loop(self, node: ast.For | ast.While) -> None:
        """for over what items_of can list, while its test holds; each iteration counted; else when not broken."""
        looping = isinstance(node, ast.For)
        items = iter(items_of(self, self.value_of(node.iter))) if looping else None
        while True:
            if looping:
                item = next(items, items)  # type: ignore[call-overload]
                if item is items:
                    break
                self.budget.iterate()
                self.assign(node.target, item)  # type: ignore[union-attr]
            elif not self.truth(self.value_of(node.test)):  # type: ignore[union-attr]
                break
            else:
                self.budget.iterate()
            try:
                self.block(node.body)
            except Broke:
                return
            except Continued:
                continue
        self.block(node.orelse)

    def remove(self, target: ast.expr) -> None:
        """del of a name, an item or a slice of a list or dict; the object goes when nothing else holds it."""
        if isinstance(target, ast.Name):
            self.delete(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for part in target.elts:
                self.remove(part)
        elif isinstance(target, ast.Subscript):
            owner, index = self.value_of(target.value), self.index(target.slice)
            if not isinstance(owner, (list, dict)):
                raise TypeError(f"'{type(owner).__name__}' object doesn't support item deletion")
            del owner[index]
        else:
            raise Refused("snippet.del_attribute", target.lineno, target.col_offset)

    def within(self, node: ast.With, items: list[ast.withitem]) -> None:
        if not items:
            self.block(node.body)
            return
        item, rest = items[0], items[1:]
        context = self.value_of(item.context_expr)
        if not isinstance(context, Context):
            raise Refused("snippet.with", node.lineno, node.col_offset)
        if item.optional_vars is not None:
            self.assign(item.optional_vars, None)
        with torch.set_grad_enabled(context.enabled):
            self.within(node, rest)

    def imports(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                self.env[bound] = MODULES[alias.name if alias.asname else alias.name.split(".")[0]]
        else:
            for alias in node.names:
                self.env[alias.asname or alias.name] = MODULES[node.module].members[alias.name]  # type: ignore[index]
