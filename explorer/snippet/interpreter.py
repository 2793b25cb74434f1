"""One run of one snippet: its variables, what it printed and warned, and the tensors it made.

Python never runs the snippet: the Interpreter walks its checked syntax tree (explorer/snippet/syntax.py):
statements in interpreter_statements.py, expressions, names and calls in interpreter_expressions.py,
operators in interpreter_ops.py, the snippet's own functions and comprehensions in interpreter_functions.py,
its classes in interpreter_classes.py, try/raise/assert in interpreter_errors.py. Each operation on values
allows only what allowlist.py lists for the kind of value at hand, and every step is counted against the limits.
"""

from __future__ import annotations

import ast
import warnings
import weakref
from collections import deque

import torch

from explorer.traced.capture import node_of

from .interpreter_classes import Classes, new_contexts
from .interpreter_errors import Errors
from .interpreter_expressions import Expressions
from .interpreter_functions import Functions
from .interpreter_ops import Operations
from .interpreter_statements import Statements
from .limits import Budget
from .plt_values import Pyplot
from .scopes import Frame

RETAIN = 2_000_000  # elements of the latest results kept alive, so that the graph can show their values


class Interpreter(Statements, Expressions, Operations, Functions, Classes, Errors):
    """One run of one snippet: its variables, what it printed and warned, and what it made."""

    def __init__(self, budget: Budget, recorder, nudge: tuple[str, int, float] | None = None):
        self.budget = budget
        self.nudge = nudge  # (leaf, element, delta): added once, right after that leaf is made
        self.recorder = recorder  # records backward() calls: explorer/snippet/trace.py
        self.env: dict[str, object] = {}
        self.assigned: dict[str, int] = {}  # name -> when it was last assigned (names follow the latest)
        self.frame: Frame | None = None  # the call of the snippet's own function being run (None: the top level)
        self.handling: list[BaseException] = []  # the errors being handled (`except` blocks inside each other)
        self.contexts = new_contexts()  # ctx of a custom Function -> its CtxValue
        self.instance_values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # module -> plain values set
        self.depth = 0  # calls of the snippet's own functions inside each other
        self.printed: list[str] = []
        self.warned: list[tuple[int, str, str]] = []  # (line, category, message)
        self.produced: dict[int, weakref.ref] = {}  # id(grad_fn) -> the tensor it made, while that tensor lives
        self.made_at: dict[int, int] = {}  # id(grad_fn) -> the step at which its tensor was made
        self.recent: deque[torch.Tensor] = deque()  # the latest results, kept (x @ W.T in x @ W.T + b)
        self.recent_elements = 0
        self.calling: ast.Call | None = None  # the call being made (a walk is named by how it was written)
        self.source = ""  # the snippet's text, set by its runner
        self.pyplot = Pyplot()  # the figures matplotlib.pyplot's calls drew (explorer/snippet/perform_plt.py)

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

    # ---------------------------------------------------------------------- the walk
    def run(self, tree: ast.Module) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            self.block(tree.body, caught)
