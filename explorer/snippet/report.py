"""A snippet's run for scripts (`python -m explorer run FILE --json`) and as Python would end it."""

from __future__ import annotations

from typing import Any

from explorer.traced.wire import graph_json, number, tensor_json

from .result import SnippetRun


def as_json(run: SnippetRun) -> dict[str, Any]:
    error = None if run.error is None else {"type": run.error.raised.type, "message": run.error.raised.message,
                                              "line": run.error.line}  # fmt: skip
    data = {"output": run.output, "error": error, "graph": None if run.graph is None else graph_json(run.graph),
            "graph_of": run.graph_name, "losses": [number(v) for v in run.losses]}  # fmt: skip
    if run.jacobian is not None:  # asked for with --jacobian NAME: one matrix per leaf, rows follow NAME's elements
        data["jacobian"] = {leaf: tensor_json(matrix) for leaf, matrix in run.jacobian.rows.items()}
    elif run.jacobian_problem is not None:  # asked for, and why there is none: "freed", "missing", "unsuitable"
        data["jacobian_problem"] = run.jacobian_problem
    return data


def warning_lines(run: SnippetRun, filename: str) -> list[str]:
    """Warnings as Python writes them to stderr: `snippet.py:6: UserWarning: ...`."""
    return [f"{filename}:{w.line}: {w.category}: {w.message}" for w in run.warnings]
