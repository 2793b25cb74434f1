"""PyTorch snippets, run by our own interpreter: a subset of Python defined by allowlists, never by Python.

    run(source) -> SnippetRun: what it printed, PyTorch's error if it raised, warnings, the named tensors,
                               and the graph the last backward() walked (or the graph of `graph_of`)

The text is parsed with `ast.parse` and checked (syntax.py) before anything runs; the checked tree
is walked by interpreter.py, which can do only what allowlist.py lists. In the app every run happens
in a worker process with its own time and memory limits (worker.py), the second wall.
"""

from __future__ import annotations

import sys

import torch

from explorer.traced.capture import node_of
from explorer.traced.mistakes import raised

from .interpreter import Interpreter
from .limits import DEFAULT_LIMITS, Budget, Limits, Refused
from .progress import Progress, memory_text
from .result import Failure, Held, SnippetRun, Warned
from .syntax import read
from .trace import Recorder

PYTHON_FRAMES = 20_000  # Python's recursion limit while a snippet runs
SEED = 0  # a snippet without torch.manual_seed runs as if it began with torch.manual_seed(0)

__all__ = ["Limits", "Refused", "SnippetRun", "read", "run"]




def run(source: str, limits: Limits = DEFAULT_LIMITS, graph_of: str | None = None, jacobian_of: str | None = None,
        nudge: tuple[str, int, float] | None = None, follow: tuple[str, int] | None = None,
        progress: Progress | None = None) -> SnippetRun:  # fmt: skip
    """Check and run a snippet. Never raises for anything in the snippet: refusals and errors are data.

    `graph_of`: the variable whose graph to return (default: the last backward()'s tensor); `jacobian_of`: a
    vector variable whose Jacobian to take; `nudge`: (leaf, element, delta) added to one element of a leaf
    right after it is made (the page's plot of the loss along that element replays the snippet so); `follow`:
    (parameter, flat index), the element whose path the training record keeps (element 0 of each otherwise)."""
    try:
        tree = read(source, limits)
    except Refused as exc:
        return SnippetRun(refused=exc)
    budget = Budget(limits, progress=progress)
    recorder = Recorder(jacobian_of=jacobian_of, follow=follow)
    it = Interpreter(budget, recorder, nudge)
    recorder.interpreter = it
    it.source = source
    result = SnippetRun()
    torch.manual_seed(SEED)
    with torch.enable_grad():
        try:
            _run(it, tree)
        except Refused as exc:
            result.refused = exc
        except MemoryError:  # the worker's memory limit, reached by Python
            result.refused = Refused("snippet.memory", budget.line, memory=memory_text(limits))
        except RecursionError:  # (a RuntimeError: before that case)
            result.refused = Refused("snippet.recursion", budget.line)
        except RuntimeError as exc:  # the worker's memory limit reached inside PyTorch's allocator
            if "can't allocate memory" not in str(exc):
                raise
            result.refused = Refused("snippet.memory", budget.line, memory=memory_text(limits))
        except _UserError as error:  # PyTorch's and Python's own errors in the user's code are data
            result.error = Failure(raised(error.exc), budget.line)
    result.output = "".join(it.printed)
    result.warnings = list(dict.fromkeys(Warned(*w) for w in it.warned))
    result.tensors = [_held(name, value) for name, value in it.env.items() if isinstance(value, torch.Tensor)]
    result.losses = list(recorder.losses)
    result.jacobian_problem = recorder.finish() if result.refused is None else None
    result.jacobian, result.training, result.first_grads = recorder.jacobian, recorder.training, recorder.first_grads
    result.stepped_after_walk = recorder.stepped_after_walk
    result.drawings = it.pyplot.drawings()
    _graph(result, it, recorder, graph_of)
    return result


def _run(it: Interpreter, tree) -> None:
    """The interpreter's run, with PyTorch's and Python's own errors in the user's code kept as data. Python's
    own recursion limit is raised for it: each of the 100 calls of the snippet's own functions allowed inside
    each other (Limits.frames) takes the interpreter some tens of Python frames."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, PYTHON_FRAMES))
    try:
        it.run(tree)
    except (Refused, MemoryError, RecursionError):
        raise
    except RuntimeError as exc:
        if "can't allocate memory" in str(exc):
            raise
        raise _UserError(exc) from exc
    except Exception as exc:  # noqa: BLE001 (any error of the user's code: TypeError, IndexError, ...)
        raise _UserError(exc) from exc
    finally:
        sys.setrecursionlimit(before)


class _UserError(Exception):
    def __init__(self, exc: BaseException):
        super().__init__(str(exc))
        self.exc = exc


def _held(name: str, tensor: torch.Tensor) -> Held:
    node = node_of(tensor)
    return Held(name, tuple(tensor.shape), str(tensor.dtype).removeprefix("torch."), tensor.requires_grad,
                None if node is None else type(node).__name__)  # fmt: skip


def _graph(result: SnippetRun, it: Interpreter, recorder: Recorder, graph_of: str | None) -> None:
    """The graph to show: by default the last walk's (named or not); a named tensor asked for: its part of that
    walk when the walk went through it, else its graph with no walk."""
    last = recorder.last
    chosen = it.env.get(graph_of) if graph_of else None
    if isinstance(chosen, torch.Tensor):
        result.graph_name = graph_of
        node = last.graph.named(graph_of) if last is not None and last.holds(graph_of, chosen) else None
        if last is not None and last.name == graph_of and last.holds(graph_of, chosen):
            result.graph, result.from_backward = last.graph, True
        elif node is not None:
            result.graph, result.from_backward = last.graph.part(node.id, graph_of), True  # type: ignore[union-attr]
        else:
            result.graph = recorder.graph_of(chosen)
        return
    if last is not None:
        result.graph, result.graph_name, result.from_backward = last.graph, last.name, True
