"""try/except/else/finally, raise and assert in the snippet language.

A snippet may catch the errors its own code raises (PyTorch's RuntimeError, Python's TypeError ...: tutorials
show an error and go on), never the walls: a limit reached (Refused), the worker's memory (MemoryError, or
PyTorch's allocator failing), Python's own recursion limit, or the interpreter's return/break/continue."""

from __future__ import annotations

import ast

from .limits import Refused
from .values import ErrorClass, type_name


def _wall(exc: BaseException) -> bool:
    """An exception no `except` of a snippet may catch."""
    if isinstance(exc, (Refused, MemoryError, RecursionError)):
        return True
    return isinstance(exc, RuntimeError) and "can't allocate memory" in str(exc)


class Errors:
    """Mixed into the Interpreter: `self.block`, `self.value_of`, `self.store` come from there."""

    handling: list[BaseException]

    def handled(self, node: ast.Try | ast.Raise | ast.Assert) -> None:
        if isinstance(node, ast.Assert):
            if not self.truth(self.value_of(node.test)):
                raise AssertionError(*(() if node.msg is None else (self.value_of(node.msg),)))
        elif isinstance(node, ast.Raise):
            raise self._raised(node)
        else:
            self._attempt(node)

    def _raised(self, node: ast.Raise) -> BaseException:
        if node.exc is None:
            if not self.handling:
                return RuntimeError("No active exception to reraise")
            return self.handling[-1]
        error = self.value_of(node.exc)
        if isinstance(error, ErrorClass):
            error = error.error()
        if not isinstance(error, Exception) or _wall(error):
            return TypeError("exceptions must derive from BaseException")
        return error

    def _attempt(self, node: ast.Try) -> None:
        try:
            try:
                self.block(node.body)
            except Exception as exc:  # noqa: BLE001 (matched against the snippet's except clauses)
                handler = None if _wall(exc) else self._handler(node.handlers, exc)
                if handler is None:
                    raise
                self._handle(handler, exc)
            else:
                self.block(node.orelse)
        except BaseException as exc:  # an error, or return/break/continue: the finally block runs, then it goes on
            if _wall(exc):  # a wall: nothing more of the snippet runs
                raise
            self.block(node.finalbody)
            raise
        self.block(node.finalbody)

    def _handle(self, handler: ast.ExceptHandler, exc: Exception) -> None:
        self.handling.append(exc)
        try:
            if handler.name:
                self.store(handler.name, exc)
            self.block(handler.body)
        finally:
            self.handling.pop()
            if handler.name:  # Python deletes the name at the end of the except block
                (self.env if self.frame is None else self.frame.vars).pop(handler.name, None)

    def _handler(self, handlers: list[ast.ExceptHandler], exc: Exception) -> ast.ExceptHandler | None:
        for handler in handlers:
            if handler.type is None:
                return handler
            kinds = self.value_of(handler.type)
            for kind in kinds if isinstance(kinds, tuple) else (kinds,):
                if not isinstance(kind, ErrorClass):
                    raise TypeError(f"catching classes that do not inherit from BaseException is not allowed "
                                    f"(got {type_name(kind)})")  # fmt: skip
                if isinstance(exc, kind.error):
                    return handler
        return None

