"""SymPy's derivatives in a child process with time and memory limits, answered as JSON.

SymPy can take unbounded time and memory on a small formula, so it never runs in the app's own
threads. In the threaded Streamlit server the child comes from the fork server
(explorer/workers/forkserver.py, started with the app, single-threaded, SymPy preloaded): forking the
threaded server itself could copy a lock another thread holds and deadlock the child. In a
process with one thread (the CLI, a unit test) the child is a fork of that process
(explorer/workers/child.py), which is cheaper. Either way the child parses the formula text with our
parser, derives, and answers with trees (explorer/formula/sympy_wire.py) that the caller rebuilds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from explorer.formula.parser import parse
from explorer.formula.symbolic import Partial, Symbolic, derive, second_derivatives
from explorer.formula.sympy_wire import from_wire, to_wire
from explorer.formula.tree import Formula
from explorer.workers.child import ask_forked

DEFAULT_SECONDS = 1.5  # a heavy formula is answered or given up on within 2 s
DEFAULT_MEMORY = 1 << 30  # bytes the child may add to what it inherits


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    reason: str = ""  # why there is no value: "timeout", "memory", "crashed" or an error text


REASONS = {
    "timeout": "SymPy did not finish within {seconds:g} s",
    "memory": "SymPy needed more than 1 GiB of memory",
    "recursion": "the expression is too deep for SymPy",
    "crashed": "the SymPy worker stopped unexpectedly",
}


def job(request: dict) -> dict:
    """In the child: "derive" (every partial derivative) or "hessian" (every second one) of a formula text."""
    if request.get("warm"):  # in the fork server, once: SymPy's first derivative takes a while
        derive(parse("sin(x) exp(y) / (1 + x^2)"))
        return {}
    try:
        formula = parse(str(request["formula"]))
        if request["what"] == "derive":
            return {"partials": {n: [to_wire(p.expr), p.text, p.latex] for n, p in derive(formula).items()}}
        rows = second_derivatives(formula)
        return {"hessian": {a: {b: to_wire(e) for b, e in row.items()} for a, row in rows.items()}}
    except RecursionError:
        return {"failed": "recursion"}
    except MemoryError:
        return {"failed": "memory"}
    except Exception as exc:  # noqa: BLE001 (any failure of the symbolic side is data)
        return {"failed": f"{type(exc).__name__}: {exc}"[:300]}


def one_thread() -> bool:
    """Whether this process may fork itself safely: no other thread holds a lock a child would copy."""
    return threading.active_count() == 1


def ask(what: str, text: str, seconds: float = DEFAULT_SECONDS) -> Outcome:
    """The child's answer: Outcome(True, its JSON) or Outcome(False, a plain reason)."""
    request = {"job": "sympy", "what": what, "formula": text, "seconds": seconds, "memory": DEFAULT_MEMORY}
    if one_thread():
        answer = ask_forked(request, seconds, job)[0]
    else:
        from explorer.workers.forkserver import CLIENT

        answer = CLIENT.ask(request, seconds)
    failed = answer.get("failed")
    if failed is not None:
        failed = {"died": "crashed"}.get(failed, failed)
        reason = REASONS.get(failed, "SymPy failed: {failed}")
        return Outcome(False, reason=reason.format(seconds=seconds, failed=failed))
    return Outcome(True, answer)


def second_derivatives_bounded(text: str, seconds: float = DEFAULT_SECONDS) -> Outcome:
    """SymPy's Hessian entries {a: {b: expr}} of a formula text, from a bounded child."""
    outcome = ask("hessian", text, seconds)
    if not outcome.ok:
        return outcome
    try:
        rows = outcome.value["hessian"]
        return Outcome(True, {a: {b: from_wire(e) for b, e in row.items()} for a, row in rows.items()})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return Outcome(False, reason=f"SymPy failed: {exc}")


def symbolic(formula: Formula, seconds: float = DEFAULT_SECONDS) -> Symbolic:
    """Every partial derivative, from a child that is stopped after `seconds` or 1 GiB of memory; the answer
    comes back as JSON trees."""
    outcome = ask("derive", formula.text, seconds)
    if not outcome.ok:
        return Symbolic(False, reason=outcome.reason)
    try:
        partials = {n: Partial(from_wire(tree), text, latex) for n, (tree, text, latex) in
                    outcome.value["partials"].items()}  # fmt: skip
    except (ValueError, KeyError, TypeError) as exc:
        return Symbolic(False, reason=f"SymPy failed: {exc}")
    return Symbolic(True, partials)
