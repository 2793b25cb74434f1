"""The snippet's own functions and the scopes they run in: a `def` or a `lambda` is a UserFunction, a call
of it runs its body in a new Frame whose parent is the frame it was defined in (closures, late binding, as
Python's). Which names are a function's own is worked out from its text, as Python's compiler does.

Nothing here runs the snippet: a UserFunction holds the checked syntax tree of its body and the values of
its defaults; the interpreter walks the body (interpreter_functions.py)."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, field

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
          ast.DictComp, ast.GeneratorExp)  # fmt: skip


class Flow(BaseException):
    """return, break and continue: not errors, so that no `except Exception` of a snippet ever catches them."""


class Returned(Flow):
    def __init__(self, value: object):
        super().__init__()
        self.value = value


class Broke(Flow):
    pass


class Continued(Flow):
    pass


@dataclass(eq=False)
class Frame:
    """The variables of one call (or of one comprehension); names it does not hold are looked up in the
    frame the function was defined in, then in the snippet's globals."""

    vars: dict[str, object]
    own: frozenset[str]  # the names this scope binds (assigned anywhere in it): never looked up outside
    parent: Frame | None = None
    assigned: dict[str, int] = field(default_factory=dict)  # name -> step of its latest assignment
    qualname: str = ""  # of the function running in it ("" at the top level)
    klass: object = None  # the snippet's class whose method runs in it (for super())
    first: object = None  # that method's first argument (self)


@dataclass(eq=False)
class UserFunction:
    """A function the snippet defined (`def f(x): ...` or `lambda x: ...`)."""

    name: str
    qualname: str
    node: ast.FunctionDef | ast.Lambda
    signature: inspect.Signature
    own: frozenset[str]
    closure: Frame | None  # the frame it was defined in (None: the snippet's globals)
    static: bool = False  # @staticmethod (in a class)
    enabled: bool | None = None  # @torch.no_grad() (False) or @torch.enable_grad() (True): grad mode of its body
    klass: object = None  # the snippet's class it is a method of

    def __repr__(self) -> str:
        return f"<function {self.qualname} at {id(self):#x}>"


@dataclass(eq=False)
class BoundMethod:
    """A method of an object the snippet made from its own class, bound to it (`self.helper`, `model.forward`)."""

    function: UserFunction
    owner: object

    def __repr__(self) -> str:
        return f"<bound method {self.function.qualname} of {self.owner!r}>"


def bound_names(body: list[ast.stmt], arguments: ast.arguments | None = None) -> frozenset[str]:
    """The names a function's body binds, so are its own: parameters, assignment and loop targets, `with ... as`,
    `except ... as`, imports, nested def and class names, `del` targets. Nested scopes bind their own."""
    found: set[str] = set()
    if arguments is not None:
        found.update(a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs))
        found.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
            continue
        if isinstance(node, SCOPES):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.add(node.name)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.split(".")[0])
        todo.extend(ast.iter_child_nodes(node))
    return frozenset(found)


def signature_of(arguments: ast.arguments, defaults: list, kw_defaults: list) -> inspect.Signature:
    """The Signature of a def's or lambda's parameters, with their defaults' values (evaluated at `def`)."""
    P = inspect.Parameter
    positional = [*arguments.posonlyargs, *arguments.args]
    first_default = len(positional) - len(defaults)
    parameters = []
    for i, arg in enumerate(positional):
        kind = P.POSITIONAL_ONLY if i < len(arguments.posonlyargs) else P.POSITIONAL_OR_KEYWORD
        parameters.append(P(arg.arg, kind, default=defaults[i - first_default] if i >= first_default else P.empty))
    if arguments.vararg is not None:
        parameters.append(P(arguments.vararg.arg, P.VAR_POSITIONAL))
    for arg, default in zip(arguments.kwonlyargs, kw_defaults, strict=True):
        parameters.append(P(arg.arg, P.KEYWORD_ONLY, default=P.empty if default is None else default[0]))
    if arguments.kwarg is not None:
        parameters.append(P(arguments.kwarg.arg, P.VAR_KEYWORD))
    return inspect.Signature(parameters)


def comprehension_names(generators: list[ast.comprehension]) -> frozenset[str]:
    """The loop variables of a comprehension: its own, as in Python 3 (they do not leak)."""
    return frozenset(n.id for g in generators for n in ast.walk(g.target) if isinstance(n, ast.Name))
