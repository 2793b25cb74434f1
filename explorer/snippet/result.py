"""What one run of a snippet produced, as plain data both sides of the worker boundary share."""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.traced.drawings import Figure
from explorer.traced.graph import Graph
from explorer.traced.mistakes import Raised
from explorer.traced.training import Training
from explorer.traced.wire import graph_data, graph_from, tensor_data, tensor_from

from .jacobian import Jacobian
from .limits import Refused


@dataclass(frozen=True)
class Failure:
    """PyTorch's (or Python's) error in the user's code, as a traceback's last line shows it, and where."""

    raised: Raised
    line: int


@dataclass(frozen=True)
class Warned:
    line: int
    category: str  # UserWarning
    message: str


@dataclass(frozen=True)
class Held:
    """A tensor a variable holds at the end of the run (the page's picker and table)."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    requires_grad: bool
    grad_fn: str | None  # its node's class name, None for a leaf


@dataclass
class SnippetRun:
    output: str = ""  # exactly what the snippet's print() calls printed
    refused: Refused | None = None  # not run, or stopped at a limit
    error: Failure | None = None
    warnings: list[Warned] = field(default_factory=list)
    tensors: list[Held] = field(default_factory=list)
    graph: Graph | None = None  # the graph of `graph_name`
    graph_name: str | None = None
    from_backward: bool = False  # the graph is what the last backward() walked (with its steps)
    losses: list[float] = field(default_factory=list)  # every scalar backward() was called on, in order
    jacobian: Jacobian | None = None  # of the vector asked for
    jacobian_problem: str | None = None  # "freed", "missing" or "unsuitable" when there is none
    training: Training = field(default_factory=Training)  # what each optimizer.step() moved and used
    first_grads: dict[str, list[float]] = field(default_factory=dict)  # leaves' .grad after the first backward()
    stepped_after_walk: bool = False  # optimizer.step() moved the parameters after the walk drawn
    drawings: list[Figure] = field(default_factory=list)  # what matplotlib.pyplot drew, in the order shown


def _jacobian_data(j: Jacobian | None) -> dict | None:
    if j is None:
        return None
    return {"name": j.name, "rows": {n: tensor_data(m) for n, m in j.rows.items()},
            "v": tensor_data(j.v), "by_backward": None if j.by_backward is None else
            {n: tensor_data(g) for n, g in j.by_backward.items()}}  # fmt: skip


def _jacobian_from(data: dict | None) -> Jacobian | None:
    if data is None:
        return None
    by_backward = data["by_backward"]
    return Jacobian(str(data["name"]), {str(n): tensor_from(m) for n, m in data["rows"].items()},
                    tensor_from(data["v"]), None if by_backward is None else
                    {str(n): tensor_from(g) for n, g in by_backward.items()})  # fmt: skip


def to_data(run: SnippetRun) -> dict:
    refused = None if run.refused is None else {"code": run.refused.code, "line": run.refused.line,
                                                  "column": run.refused.column, "params": run.refused.params}
    error = None if run.error is None else {"type": run.error.raised.type, "message": run.error.raised.message,
                                              "line": run.error.line}  # fmt: skip
    return {
        "output": run.output, "refused": refused, "error": error,
        "warnings": [[w.line, w.category, w.message] for w in run.warnings],
        "tensors": [[h.name, list(h.shape), h.dtype, h.requires_grad, h.grad_fn] for h in run.tensors],
        "graph": None if run.graph is None else graph_data(run.graph), "graph_name": run.graph_name,
        "from_backward": run.from_backward, "losses": list(run.losses),
        "jacobian": _jacobian_data(run.jacobian), "jacobian_problem": run.jacobian_problem,
        "training": run.training.data(), "first_grads": run.first_grads, "stepped_after_walk": run.stepped_after_walk,
        "drawings": [f.data() for f in run.drawings],
    }  # fmt: skip


def from_data(data: dict) -> SnippetRun:
    refused = data["refused"]
    error = data["error"]
    return SnippetRun(
        output=str(data["output"]),
        refused=None if refused is None else Refused(str(refused["code"]), int(refused["line"]), int(refused["column"]),
                                                     **{str(k): v for k, v in dict(refused["params"]).items()}),
        error=None if error is None else Failure(Raised(str(error["type"]), str(error["message"])), int(error["line"])),
        warnings=[Warned(int(a), str(b), str(c)) for a, b, c in data["warnings"]],
        tensors=[Held(str(n), tuple(int(s) for s in shape), str(d), bool(r), g)
                 for n, shape, d, r, g in data["tensors"]],
        graph=None if data["graph"] is None else graph_from(data["graph"]), graph_name=data["graph_name"],
        from_backward=bool(data["from_backward"]), losses=[float(v) for v in data["losses"]],
        jacobian=_jacobian_from(data["jacobian"]), jacobian_problem=data["jacobian_problem"],
        training=Training.from_data(data["training"]),
        first_grads={str(n): [float(v) for v in g] for n, g in data["first_grads"].items()},
        stepped_after_walk=bool(data["stepped_after_walk"]),
        drawings=[Figure.from_data(f) for f in data.get("drawings", [])],
    )  # fmt: skip
