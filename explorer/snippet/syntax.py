"""A snippet's text -> a checked Python syntax tree, or one refusal naming what is not allowed and where.

The text is only parsed (`ast.parse`, after its length, lines and bracket nesting are checked:
very deep nesting can crash CPython's parser), never compiled or run by Python. Then every node
must be of a listed kind, no name or attribute may start with `_`, every name read must be one
the snippet assigns, imports or is given (print, range ...), every attribute must be in the
allowlist (allowlist.py), and imports must be of the listed modules. All of it before anything runs.
"""

from __future__ import annotations

import ast
import re
import warnings

from .limits import DEFAULT_LIMITS, Limits, Refused, over
from .objects import PROTOCOL
from .plt_syntax import pyplot_refusals
from .tables import BUILTINS, KNOWN_ATTRIBUTES, MODULES

ALLOWED = (
    ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.While, ast.If, ast.With,
    ast.withitem, ast.Import, ast.ImportFrom, ast.alias, ast.Pass, ast.Break, ast.Continue, ast.FunctionDef,
    ast.ClassDef, ast.arguments, ast.arg, ast.Return, ast.Lambda, ast.Try, ast.ExceptHandler, ast.Raise,
    ast.Assert, ast.Delete,
    ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call, ast.keyword, ast.Starred, ast.Attribute,
    ast.Subscript, ast.Slice, ast.Name, ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp,
    ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.comprehension, ast.IfExp, ast.JoinedStr, ast.FormattedValue,
    ast.Load, ast.Store, ast.Del, ast.operator, ast.unaryop, ast.boolop, ast.cmpop,
)  # fmt: skip
# What people write that the snippet language does not have, and the catalog key that says what instead.
INSTEAD = {
    ast.AsyncFunctionDef: "snippet.no_async", ast.Await: "snippet.no_async", ast.AsyncFor: "snippet.no_async",
    ast.AsyncWith: "snippet.no_async", ast.Yield: "snippet.no_yield",
    ast.YieldFrom: "snippet.no_yield", ast.Global: "snippet.no_global", ast.Nonlocal: "snippet.no_global",
    ast.NamedExpr: "snippet.no_walrus", ast.TryStar: "snippet.no_try_star",
}  # fmt: skip
LOOPS = (ast.For, ast.While)
SAVED = re.compile(r"_saved_[a-z][a-z0-9_]*")  # grad_fn._saved_self: read only, where PyTorch lists it
FUNCTIONS = (ast.FunctionDef, ast.Lambda)
CONSTANTS = (bool, int, float, str, type(None), type(Ellipsis))
# Names a notebook imports in an earlier cell, which a pasted cell uses without importing.
IMPORTS = {"torch": "import torch", "nn": "import torch.nn as nn", "F": "import torch.nn.functional as F",
           "optim": "import torch.optim as optim", "np": "import numpy as np", "math": "import math"}  # fmt: skip


def _nesting(source: str) -> int:
    deepest = depth = 0
    for ch in source:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest




def read(source: object, limits: Limits = DEFAULT_LIMITS) -> ast.Module:
    """The snippet's checked syntax tree; Refused for anything outside the language or its limits."""
    if not isinstance(source, str):
        raise Refused("snippet.not_text")
    if len(source) > limits.source_chars:
        raise over(limits, "source_chars", f"{len(source):,}")
    lines = source.count("\n") + 1
    if lines > limits.lines:
        raise over(limits, "lines", lines)
    if _nesting(source) > limits.nesting:
        raise over(limits, "nesting", _nesting(source))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # "invalid decimal literal" and the like: not errors
            tree = ast.parse(source, filename="snippet.py", mode="exec")
    except SyntaxError as exc:
        raise Refused("snippet.syntax", exc.lineno or 1, max(0, (exc.offset or 1) - 1), message=exc.msg) from None
    except (ValueError, MemoryError, RecursionError) as exc:  # null bytes; a tree too large for the parser
        raise Refused("snippet.unparsable", reason=type(exc).__name__) from None
    _check(tree, limits)
    return tree


def _check(tree: ast.Module, limits: Limits) -> None:
    """Every node checked; the refusal reported is the first in reading order (line, then column).
    Annotations (`x: torch.Tensor`) are never evaluated, so never checked."""
    assigned = {alias for node in ast.walk(tree) for alias in _bound(node)}
    known = assigned | set(BUILTINS)
    own = _own_attributes(tree)
    found: list[Refused] = pyplot_refusals(tree, known, own[0])  # before the general words for the same nodes
    todo: list[tuple[ast.AST, int, tuple[bool, bool]]] = [(tree, 0, (False, False))]  # (in a function, in a loop)
    spread = {id(a) for n in ast.walk(tree) if isinstance(n, ast.Call) for a in n.args if isinstance(a, ast.Starred)}
    while todo:
        node, depth, (in_function, in_loop) = todo.pop()
        if depth > limits.depth:
            raise over(limits, "depth", depth, getattr(node, "lineno", 0))
        try:
            _check_node(node, known, own)
            _check_place(node, in_function, in_loop, id(node) in spread)
        except Refused as refused:
            found.append(refused)
        inside = (True, False) if isinstance(node, FUNCTIONS) else (in_function, in_loop or isinstance(node, LOOPS))
        for child in _checked_children(node):
            todo.append((child, depth + 1, inside if not (isinstance(node, LOOPS) and child in node.orelse)
                         else (in_function, in_loop)))  # fmt: skip
    if found:
        raise min(found, key=lambda refused: (refused.line, refused.column))


def _checked_children(node: ast.AST) -> list[ast.AST]:
    skipped = set()
    if isinstance(node, (ast.arg, ast.FunctionDef)):
        skipped.add(id(node.annotation if isinstance(node, ast.arg) else node.returns))
    elif isinstance(node, ast.AnnAssign):
        skipped.add(id(node.annotation))
    return [child for child in ast.iter_child_nodes(node) if id(child) not in skipped]


def _check_place(node: ast.AST, in_function: bool, in_loop: bool, spread: bool) -> None:
    """What Python's compiler (not its parser) refuses: return outside a def, break outside a loop; and * only
    where this language spreads it, in a call's arguments."""
    line, column = _where(node)
    if isinstance(node, ast.Return) and not in_function:
        raise Refused("snippet.syntax", line, column, message="'return' outside function")
    if isinstance(node, ast.Break) and not in_loop:
        raise Refused("snippet.syntax", line, column, message="'break' outside loop")
    if isinstance(node, ast.Continue) and not in_loop:
        raise Refused("snippet.syntax", line, column, message="'continue' not properly in loop")
    if isinstance(node, ast.Starred) and not spread:
        raise Refused("snippet.no_starred", line, column)
    if isinstance(node, ast.comprehension) and node.is_async:
        raise Refused("snippet.no_async", line, column)


def _where(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _own_attributes(tree: ast.Module) -> tuple[set[str], set[int]]:
    """The attribute names the snippet gives its own objects (`self.fc1 = ...`, a class's methods and values,
    `ctx.alpha = ...`), and the nodes where a protocol name starting with _ is written where it belongs: a method
    `def __init__` in a class body, `super().__init__(...)`."""
    names: set[str] = {"apply"}
    protocol: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.FunctionDef):
                    names.add(statement.name)
                    if statement.name in PROTOCOL:
                        protocol.add(id(statement))
                elif isinstance(statement, ast.Assign):
                    names.update(t.id for t in statement.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Attribute) and node.attr == "__init__" and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) and node.value.func.id == "super":  # fmt: skip
            protocol.add(id(node))
    return names, protocol


def _check_class(node: ast.ClassDef) -> None:
    """One base, no keywords or decorators; a body of methods, plain values, pass and a docstring."""
    line, column = _where(node)
    if len(node.bases) != 1 or node.keywords or node.decorator_list:
        raise Refused("snippet.class_base", line, column, name=node.name)
    for statement in node.body:
        docstring = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        value = isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets)
        if not (docstring or value or isinstance(statement, (ast.FunctionDef, ast.Pass))):
            raise Refused("snippet.class_body", *_where(statement), name=node.name)


def _check_node(node: ast.AST, known: set[str], own: tuple[set[str], set[int]] = (set(), set())) -> None:
    line, column = _where(node)
    if type(node) in INSTEAD:
        raise Refused(INSTEAD[type(node)], line, column)
    if not isinstance(node, ALLOWED):
        raise Refused("snippet.not_allowed", line, column, what=type(node).__name__)
    if isinstance(node, ast.Constant) and not isinstance(node.value, CONSTANTS):
        raise Refused("snippet.constant", line, column, what=type(node.value).__name__)
    name = _name_of(node)
    if isinstance(node, ast.ClassDef):
        _check_class(node)
    saved = isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and bool(SAVED.fullmatch(node.attr))
    if name is not None and name.startswith("_") and id(node) not in own[1] and not saved:
        raise Refused("snippet.underscore", line, column, name=name)
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in known:
        if node.id in IMPORTS:
            raise Refused("snippet.not_imported", line, column, name=node.id, statement=IMPORTS[node.id])
        raise Refused("snippet.unknown_name", line, column, name=node.id)
    if isinstance(node, ast.Attribute) and node.attr not in KNOWN_ATTRIBUTES and node.attr not in own[0] \
            and id(node) not in own[1] and not saved:  # fmt: skip
        raise Refused("snippet.unknown_attribute", line, column, name=node.attr)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        _check_import(node)


def _name_of(node: ast.AST) -> str | None:
    """The name a node writes: a variable, an attribute, an import, a parameter, a def, an `as`, a keyword."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.alias):
        return node.asname or node.name
    if isinstance(node, ast.arg):
        return node.arg
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, (ast.ExceptHandler, ast.keyword)):
        return node.name if isinstance(node, ast.ExceptHandler) else node.arg
    return None


def _check_import(node: ast.Import | ast.ImportFrom) -> None:
    line, column = _where(node)
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name not in MODULES:
                raise Refused("snippet.import", line, column, module=alias.name, modules=", ".join(MODULES))
        return
    if node.level or node.module not in MODULES:
        raise Refused("snippet.import", line, column, module=node.module or ".", modules=", ".join(MODULES))
    members = MODULES[node.module].members
    for alias in node.names:
        if alias.name not in members:
            raise Refused("snippet.import_name", line, column, module=node.module, name=alias.name)


def _bound(node: ast.AST) -> list[str]:
    """The names a node binds, in any scope: assignment targets, loop variables, `with ... as`, imports,
    parameters, defs and classes, `except ... as`."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        return [node.id]
    if isinstance(node, ast.alias):
        return [node.asname or node.name.split(".")[0]]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    return []
