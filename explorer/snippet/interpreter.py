"""Runs a checked syntax tree (explorer/snippet/syntax.py) by walking it: our code performs every step.

Python never runs the snippet: each statement and expression is a case below, each operation on
values goes through `binary`, `call`, `attribute` and `subscript`, which allow only what allowlist.py
lists for the kind of value at hand, and every step is counted against the limits.
"""

from __future__ import annotations

import ast
import inspect
import warnings
import weakref
from collections import deque

import torch

from explorer.traced.capture import node_of

from .checks import plain
from .costs import text_size
from .interpreter_ops import FORMAT_SPEC, Operations
from .limits import Budget, Refused
from .perform_builtins import items_of
from .perform_nn import call_module
from .tables import ATTRIBUTES, BUILTINS, METHODS, MODULES, SETTABLE
from .values import Context, Function, Method, ModuleValue, Namespace, kind, type_name

CALL_TEXT = 60  # characters of a call's text kept as a walk's name
RETAIN = 2_000_000  # elements of the latest results kept alive, so that the graph can show their values


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Interpreter(Operations):
    """One run of one snippet: its variables, what it printed and warned, and what it made."""

    def __init__(self, budget: Budget, recorder, nudge: tuple[str, int, float] | None = None):
        self.budget = budget
        self.nudge = nudge  # (leaf, element, delta): added once, right after that leaf is made
        self.recorder = recorder  # records backward() calls: explorer/snippet/trace.py
        self.env: dict[str, object] = {}
        self.assigned: dict[str, int] = {}  # name -> when it was last assigned (names follow the latest)
        self.printed: list[str] = []
        self.warned: list[tuple[int, str, str]] = []  # (line, category, message)
        self.produced: dict[int, weakref.ref] = {}  # id(grad_fn) -> the tensor it made, while that tensor lives
        self.made_at: dict[int, int] = {}  # id(grad_fn) -> the step at which its tensor was made
        self.recent: deque[torch.Tensor] = deque()  # the latest results, kept (x @ W.T in x @ W.T + b)
        self.recent_elements = 0
        self.calling: ast.Call | None = None  # the call being made (a walk is named by how it was written)
        self.source = ""  # the snippet's text, set by its runner

    # ----------------------------------------------------------------- what it keeps
    def write(self, text: str) -> None:
        self.budget.output(text)
        self.printed.append(text)

    def made(self, value):
        """Every value an operation returns passes here: tensors are counted and remembered by grad_fn."""
        if isinstance(value, torch.Tensor):
            if value.numel() > self.budget.limits.elements:
                raise self.budget.over("elements", f"{value.numel():,}")
            self.budget.keep(value)
            node = node_of(value)
            if node is not None:
                self.produced[id(node)] = weakref.ref(value)
                self.made_at[id(node)] = self.budget.steps
                self.recent.append(value)
                self.recent_elements += value.numel()
                while self.recent_elements > RETAIN:
                    self.recent_elements -= self.recent.popleft().numel()
        elif isinstance(value, tuple) and any(isinstance(v, torch.Tensor) for v in value):
            for item in value:
                self.made(item)
        return value

    # ------------------------------------------------------------------- statements
    def run(self, tree: ast.Module) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            self.block(tree.body, caught)

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
        elif isinstance(node, ast.For):
            self.loop(node)
        elif isinstance(node, ast.If):
            self.block(node.body if self.truth(self.value_of(node.test)) else node.orelse)
        elif isinstance(node, ast.With):
            self.within(node, list(node.items))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.imports(node)
        elif isinstance(node, ast.Break):
            raise _Break
        elif isinstance(node, ast.Continue):
            raise _Continue
        # ast.Pass: nothing to do

    def assign(self, target: ast.expr, value: object) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = value
            self.assigned[target.id] = self.budget.steps
            if self.nudge is not None:
                self._nudge(target.id, value)
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
            if target.id not in self.env:
                raise NameError(f"name '{target.id}' is not defined")
            self.env[target.id] = self.binary(op, self.env[target.id], value, inplace=True)
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

    def loop(self, node: ast.For) -> None:
        for item in items_of(self, self.value_of(node.iter)):
            self.budget.iterate()
            self.assign(node.target, item)
            try:
                self.block(node.body)
            except _Break:
                break
            except _Continue:
                continue

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

    # ------------------------------------------------------------------ expressions
    def value_of(self, node: ast.expr):
        self.budget.step()
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                self.budget.sequence(len(node.value))
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.env:
                return self.env[node.id]
            if node.id in BUILTINS:
                return BUILTINS[node.id]
            raise NameError(f"name '{node.id}' is not defined")
        if isinstance(node, ast.Attribute):
            return self.attribute(self.value_of(node.value), node.attr)
        if isinstance(node, ast.Call):
            func = self.value_of(node.func)
            args = [self.value_of(a) for a in node.args]
            kwargs = {kw.arg: self.value_of(kw.value) for kw in node.keywords}
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
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:  # each part sized before it is made, the whole before it is joined
                parts.append(self.formatted(part))
                self.budget.text(sum(len(p) for p in parts))
            return "".join(parts)
        raise Refused("snippet.not_allowed", getattr(node, "lineno", 0), 0, what=type(node).__name__)

    def call(self, func: object, args: list, kwargs: dict):
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

    def attribute(self, owner: object, name: str):
        if isinstance(owner, Namespace):
            if name not in owner.members:
                raise AttributeError(f"module '{owner.name}' has no attribute '{name}'")
            return owner.members[name]
        table = kind(owner)
        if name in ATTRIBUTES.get(table, {}):
            return self.made(ATTRIBUTES[table][name](owner.module if table == "module" else owner))
        if name in METHODS.get(table, {}):
            return Method(name, owner, METHODS[table][name])
        raise AttributeError(f"'{type_name(owner)}' object has no attribute '{name}'")

    def set_attribute(self, owner: object, name: str, value: object) -> None:
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


