"""Why a number came out nan or inf, and where autograd had to pick a slope: findings at one point.

"y is nan" says what happened, not where. This module reads the forward values (children before
parents) and the backward steps PyTorch's engine ran, and names each place where a non-finite
number was born from finite ones, with the numbers that went in: `sqrt(sin(pi))` is nan because
float32's sin(pi) is -8.742e-08, not 0. It also names the places where PyTorch's gradient is a
convention rather than a limit: the corners of abs and relu hit exactly (PyTorch uses 0), and a
power with base 0 whose exponent is differentiated (`x^x` at 0: PyTorch uses 0, calculus -inf).

Pure: findings are catalog keys with their parameters as text; the page words them in its language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from explorer.formula.forward import DTYPES, Computation, NodeValue
from explorer.formula.printing import canonical
from explorer.formula.tree import Binary, Call, Node, Variable, operands
from explorer.traced.graph import Graph
from explorer.traced.text import short

MAX_WHERE = 60  # characters of the subformula quoted in a finding
MAX_FINDINGS = 4  # a nan spreads everywhere: the first few births say enough
CORNERS = {"abs": "why.corner_abs", "relu": "why.corner_relu"}  # functions with a kink at 0


@dataclass(frozen=True)
class Finding:
    key: str  # catalog key, "why.sqrt_negative" ...
    params: dict[str, str]  # the template's parameters, already text


def _number(value: NodeValue) -> float:
    return value.item() if isinstance(value, torch.Tensor) else float(value)


def _where(node: Node) -> str:
    text = canonical(node)
    return text if len(text) <= MAX_WHERE else text[: MAX_WHERE - 1] + "…"


def _born(node: Node, result: float, inputs: tuple[float, ...]) -> str | None:
    """The catalog key for a non-finite `result` that this node made from `inputs`, or None."""
    if isinstance(node, Call):
        (u,) = inputs
        if node.func == "sqrt" and u < 0:
            return "why.sqrt_negative"
        if node.func in ("log", "ln", "log2", "log10"):
            return "why.log_zero" if u == 0 else "why.log_negative" if u < 0 else None
        if node.func in ("asin", "acos") and abs(u) > 1:
            return "why.asin_range"
        if math.isnan(result) and math.isinf(u):
            return "why.function_of_inf"  # sin(inf), cos(inf): no limit to take
    if isinstance(node, Binary):
        left, right = inputs
        if math.isnan(result) and any(math.isinf(v) for v in inputs):
            if node.op == "*":
                return "why.zero_times_inf"
            return "why.inf_over_inf" if node.op == "/" else "why.inf_minus_inf"
        if node.op == "/" and right == 0:
            return "why.zero_over_zero" if left == 0 else "why.divide_by_zero"
        if node.op == "^" and left == 0 and right < 0:
            return "why.zero_negative_power"
        if node.op == "^" and left < 0 and not float(right).is_integer():
            return "why.negative_base"
    return "why.overflow" if math.isinf(result) and all(math.isfinite(v) for v in inputs) else None


Evaluated = list[tuple[Node, float, tuple[float, ...]]]  # each node, its value, its inputs' values


def _evaluated(computation: Computation) -> Evaluated:
    values = {id(node): _number(value) for node, value in computation.values}
    return [(node, values[id(node)], tuple(values[id(child)] for child in operands(node)))
            for node, _ in computation.values]  # fmt: skip


def _forward_findings(evaluated: Evaluated, dtype: str) -> list[Finding]:
    """Where the forward pass made nan or inf from numbers that were not already nan (or inf)."""
    limit = short(torch.finfo(DTYPES[dtype]).max)
    findings: list[Finding] = []
    for node, result, inputs in evaluated:
        if math.isfinite(result) or any(math.isnan(v) for v in inputs):
            continue
        if math.isinf(result) and any(math.isinf(v) for v in inputs):
            continue  # an inf passed along, not born here
        key = _born(node, result, inputs)
        if key is None:
            continue
        finding = Finding(key, {"where": _where(node), "value": _operation(node, inputs), "result": short(result),
                                "dtype": dtype, "limit": limit})  # fmt: skip
        if finding not in findings:  # exp(x) - exp(x): one overflow to explain
            findings.append(finding)
    return findings


def _operation(node: Node, inputs: tuple[float, ...]) -> str:
    """What the node computed, in numbers: `1 / 0`, `(-1)^0.5`, or the argument of a function."""
    if not isinstance(node, Binary):
        return ", ".join(short(v) for v in inputs)
    left, right = (short(v) for v in inputs)
    if node.op == "^":
        return f"({left})^{right}" if inputs[0] < 0 else f"{left}^{right}"
    return f"{left} {'×' if node.op == '*' else node.op} {right}"


def _corner_findings(evaluated: Evaluated, tracked: set[str]) -> list[Finding]:
    """Where PyTorch's gradient is a choice, not a limit: abs or relu exactly at 0 (the slope jumps; PyTorch
    uses 0), and a power u^v whose base is exactly 0 with an exponent v that carries a gradient (u^v·ln u has
    ln 0 = -inf; PyTorch's pow backward uses 0 wherever the base is 0 and the exponent is at least 0)."""
    findings = []
    for node, _, inputs in evaluated:
        if isinstance(node, Call) and node.func in CORNERS and inputs == (0.0,):
            findings.append(Finding(CORNERS[node.func], {"where": _where(node)}))
        elif _power_at_zero_base(node, inputs) and _variables(node.right) & tracked:  # type: ignore[union-attr]
            key = "why.pow_zero_zero" if inputs[1] == 0 else "why.pow_zero_base"
            findings.append(Finding(key, {"where": _where(node), "exponent": short(inputs[1])}))
    return findings


def _power_at_zero_base(node: Node, inputs: tuple[float, ...]) -> bool:
    return isinstance(node, Binary) and node.op == "^" and inputs[0] == 0 <= inputs[1]


def _variables(node: Node) -> set[str]:
    if isinstance(node, Variable):
        return {node.name}
    return set().union(*(_variables(child) for child in operands(node)))


def _backward_findings(graph: Graph) -> list[Finding]:
    """Backward steps that received a finite gradient and sent a nan or inf (a local derivative blew up),
    then leaves whose .grad is nan although no nan flowed into it: +inf and -inf added up."""
    ops = {node.id: node.op for node in graph.nodes}
    findings = []
    for step in graph.steps:
        if step.arrived is None or not math.isfinite(arrived := step.arrived.item()):
            continue
        sent = [grad.item() for _, grad in step.sent if grad is not None]
        blown = next((g for g in sent if not math.isfinite(g)), None)
        if blown is not None:
            key = ("why.backward_inf" if math.isinf(blown)
                   else "why.backward_zero_times_inf" if arrived == 0 else "why.backward_nan")  # fmt: skip
            if all((f.key, f.params["op"]) != (key, ops[step.node]) for f in findings):  # exp(x) - exp(x): once
                findings.append(Finding(key, {"op": ops[step.node], "arrived": short(arrived), "sent": short(blown)}))
    for leaf in graph.nodes:
        if leaf.variable is None or leaf.grad is None or not math.isnan(leaf.grad.item()):
            continue
        incoming = [edge.grad.item() for edge in graph.edges if edge.target == leaf.id and edge.grad is not None]
        if not any(math.isnan(g) for g in incoming):
            grads = ", ".join(short(g) for g in incoming)
            findings.append(Finding("why.grads_add_to_nan", {"name": leaf.variable, "grads": grads}))
    return findings


def explain(computation: Computation, graph: Graph, dtype: str) -> list[Finding]:
    """Every finding at this point: the forward pass's, then backward's, then corners; at most MAX_FINDINGS.

    After a forward nan, a backward step that sends nan only repeats the forward finding's reason
    (the local derivative of sqrt at -4 has no value either), so those are left out; an infinite
    local derivative, or infinities that add up to nan in a .grad, are still news.
    """
    evaluated = _evaluated(computation)
    findings = _forward_findings(evaluated, dtype)
    repeats = {"why.backward_nan", "why.backward_zero_times_inf"} if findings else set()
    findings += [f for f in _backward_findings(graph) if f.key not in repeats]
    tracked = {name for name, leaf in computation.leaves.items() if leaf.requires_grad}
    findings += _corner_findings(evaluated, tracked)
    return findings[:MAX_FINDINGS]
