"""The snippet's own functions and comprehensions: `def`, `lambda`, calls of them (recursion counted against
the limit on frames, every step of the body against the steps), closures over the names of the frames they
were made in, and list, set and dict comprehensions and generator expressions, each in a scope of its own."""

from __future__ import annotations

import ast

import torch

from .limits import Refused
from .perform_builtins import items_of
from .scopes import Frame, Returned, UserFunction, bound_names, comprehension_names, signature_of
from .tables import BUILTINS
from .values import Context, Generated


class Functions:
    """Mixed into the Interpreter: `self.budget`, `self.env`, `self.frame` and `self.block` come from there."""

    # ---------------------------------------------------------------- names in scopes
    def lookup(self, name: str):
        frame = self.frame
        if frame is not None and name in frame.own:
            if name in frame.vars:
                return frame.vars[name]
            raise UnboundLocalError(f"cannot access local variable '{name}' where it is not associated with a value")
        while frame is not None:
            frame = frame.parent
            if frame is not None and name in frame.vars:
                return frame.vars[name]
            if frame is not None and name in frame.own:
                raise NameError(f"cannot access free variable '{name}' where it is not associated with a value "
                                "in enclosing scope")  # fmt: skip
        if name in self.env:
            return self.env[name]
        if name in BUILTINS:
            return BUILTINS[name]
        raise NameError(f"name '{name}' is not defined")

    def store(self, name: str, value: object) -> None:
        if self.frame is None:
            self.env[name] = value
            self.assigned[name] = self.budget.steps
            if self.nudge is not None:
                self._nudge(name, value)
        else:
            self.frame.vars[name] = value
            self.frame.assigned[name] = self.budget.steps

    def delete(self, name: str) -> None:
        scope = self.env if self.frame is None else self.frame.vars
        if name not in scope:
            raise NameError(f"name '{name}' is not defined")
        del scope[name]

    def visible(self) -> tuple[dict[str, object], dict[str, int]]:
        """The names the code being run can see, the innermost frame's last (a walk inside a function is drawn
        with the function's names), and when each was assigned."""
        frames = []
        frame = self.frame
        while frame is not None:
            frames.append(frame)
            frame = frame.parent
        names, assigned = dict(self.env), dict(self.assigned)
        for frame in reversed(frames):
            names.update(frame.vars)
            assigned.update(frame.assigned)
        return names, assigned

    # ---------------------------------------------------------------------- functions
    def define(self, node: ast.FunctionDef, qualname: str | None = None) -> UserFunction:
        """`def`: the defaults are evaluated now, the body when it is called; decorators as Python applies them."""
        decorators = [self.value_of(d) for d in node.decorator_list]
        function = self._function(node, node.name, node.body, qualname)
        for decorator in reversed(decorators):
            if decorator is BUILTINS.get("staticmethod") and qualname is not None:
                function.static = True
            elif isinstance(decorator, Context):  # @torch.no_grad(): the body runs without gradients
                function.enabled = decorator.enabled
            else:
                raise Refused("snippet.decorator", node.lineno, node.col_offset)
        return function

    def make_lambda(self, node: ast.Lambda) -> UserFunction:
        return self._function(node, "<lambda>", [], None)

    def _function(self, node, name: str, body: list[ast.stmt], qualname: str | None) -> UserFunction:
        args = node.args
        defaults = [self.value_of(d) for d in args.defaults]
        kw_defaults = [None if d is None else (self.value_of(d),) for d in args.kw_defaults]
        signature = signature_of(args, defaults, kw_defaults)
        outer = self.frame.qualname if self.frame is not None else ""
        qualname = qualname or (f"{outer}.<locals>.{name}" if outer else name)
        return UserFunction(name, qualname, node, signature, bound_names(body, args), self.frame)

    def call_user(self, function: UserFunction, args: list, kwargs: dict):
        if self.depth >= self.budget.limits.frames:
            raise self.budget.over("frames", f"{self.depth + 1:,}")
        try:
            bound = function.signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise TypeError(f"{function.qualname}() {exc}") from None
        bound.apply_defaults()
        frame = Frame(dict(bound.arguments), function.own, function.closure, qualname=function.qualname,
                      klass=function.klass, first=args[0] if args and function.klass is not None else None)
        caller, line = self.frame, self.budget.line
        self.frame, self.depth = frame, self.depth + 1
        try:
            if isinstance(function.node, ast.Lambda):
                result = self.value_of(function.node.body)
            elif function.enabled is not None:
                with torch.set_grad_enabled(function.enabled):
                    result = self._body(function.node.body)
            else:
                result = self._body(function.node.body)
        finally:
            self.frame, self.depth = caller, self.depth - 1
        self.budget.line = line  # back on the caller's line (an error inside keeps the line it was raised on)
        return result

    def _body(self, body: list[ast.stmt]):
        try:
            self.block(body)
        except Returned as returned:
            return returned.value
        return None

    # ----------------------------------------------------------------- comprehensions
    def comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
        """Evaluated at once (a generator expression too: its items are made when it is made), the first
        iterable in the enclosing scope and the rest in the comprehension's own, as Python does."""
        first = items_of(self, self.value_of(node.generators[0].iter))
        found: list = []
        caller = self.frame
        self.frame = Frame({}, comprehension_names(node.generators), caller,
                           qualname=caller.qualname if caller is not None else "")  # fmt: skip
        try:
            self._generate(node, 0, first, found)
        finally:
            self.frame = caller
        if isinstance(node, ast.ListComp):
            return found
        if isinstance(node, ast.SetComp):
            return set(found)
        if isinstance(node, ast.DictComp):
            return dict(found)
        return Generated(found)

    def _generate(self, node, level: int, items: list, found: list) -> None:
        generator = node.generators[level]
        for item in items:
            self.budget.iterate()
            self.assign(generator.target, item)
            if not all(self.truth(self.value_of(test)) for test in generator.ifs):
                continue
            if level + 1 < len(node.generators):
                inner = node.generators[level + 1].iter
                self._generate(node, level + 1, items_of(self, self.value_of(inner)), found)
                continue
            self.budget.sequence(len(found) + 1)
            self.budget.making(1)
            if isinstance(node, ast.DictComp):
                found.append((self.value_of(node.key), self.value_of(node.value)))
            else:
                found.append(self.value_of(node.elt))
