"""The watched backward pass: every node's value and gradient, checked by hand and against SymPy.

Hand-worked cases follow the tutorial's examples; ~40 seeded random formulas are checked against
SymPy (values of subtrees, d output / d subtree, partial derivatives), then against the structural
rules of a backward pass. Then the drawings (progress, untracked variables, saved tensors, large
graphs, the expression tree), the JSON for scripts, and the derivative rule of every node class.
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
from collections import Counter
from dataclasses import dataclass, replace

import pytest
import sympy as sp
import torch

from explorer.__main__ import main
from explorer.draw.dot import legend_dot, to_dot
from explorer.draw.svg import svg
from explorer.draw.tree import expression_dot
from explorer.formula.errors import FormulaError
from explorer.formula.expression import expression
from explorer.formula.forward import Computation, Result, forward, trace
from explorer.formula.parser import parse
from explorer.formula.symbolic import symbol, to_sympy
from explorer.formula.tree import Binary, Call, Formula, Node, Unary, Variable
from explorer.formula.vocabulary import FUNCTIONS
from explorer.traced.graph import Graph, GraphNode
from explorer.traced.rules import RULES, rule
from explorer.traced.wire import graph_json

CURRENT_FILL = "#fed7aa"  # the node the engine just ran, in to_dot's progress view


# ---------------------------------------------------------------------- helpers
@dataclass(frozen=True)
class Traced:
    formula: Formula
    computation: Computation
    result: Result
    graph: Graph


def traced(text: str, point: dict[str, float], dtype: str = "float64", requires_grad=None) -> Traced:
    formula = parse(text)
    computation = forward(formula, point, requires_grad, dtype)
    result, graph = trace(computation)
    return Traced(formula, computation, result, graph)


def number(value: torch.Tensor | None) -> float:
    assert isinstance(value, torch.Tensor) and value.dim() == 0, value
    return value.item()


def only(graph: Graph, op: str) -> GraphNode:
    (node,) = [n for n in graph.nodes if n.op == op]
    return node


def edges_into(graph: Graph, node_id: str) -> list:
    return [e for e in graph.edges if e.target == node_id]


def grad_fns_by_id(output: torch.Tensor) -> dict[str, object]:
    """id -> grad_fn, numbered as explorer.traced.graph documents: depth first from output.grad_fn,
    children in next_functions order, a counter at each first visit."""
    ids: dict[object, str] = {}

    def visit(fn: object) -> None:
        ids[fn] = f"n{len(ids)}"
        for child, _ in fn.next_functions:  # type: ignore[attr-defined]
            if child is not None and child not in ids:
                visit(child)

    root = output.grad_fn
    visit(root if root is not None else torch.autograd.graph.get_gradient_edge(output).node)
    return {node_id: fn for fn, node_id in ids.items()}


_DOT_NODE = re.compile(r'^\s*(\w+) \[label=("(?:[^"\\]|\\.)*"|\S+)(.*)\]$')
_DOT_EDGE = re.compile(r"^\s*(\w+) -> (\w+)\b")


def dot_nodes(dot: str) -> dict[str, tuple[list[str], str]]:
    """Node id -> (label lines, the rest of its attributes)."""
    found = {}
    for line in dot.splitlines():
        m = _DOT_NODE.match(line)
        if m:
            found[m.group(1)] = (m.group(2).strip('"').split("\\n"), m.group(3))
    return found


def dot_edges(dot: str) -> list[tuple[str, str]]:
    return [m.groups() for line in dot.splitlines() if (m := _DOT_EDGE.match(line))]


def fill(attributes: str) -> str:
    m = re.search(r'fillcolor="([^"]+)"', attributes)
    assert m, attributes
    return m.group(1)


def svg_width(image: bytes) -> float:
    m = re.search(rb'<svg width="([\d.]+)pt"', image)
    assert m, image[:300]
    return float(m.group(1))


def reachable(dot: str, start: str = "output") -> set[str]:
    children: dict[str, list[str]] = {}
    for source, target in dot_edges(dot):
        children.setdefault(source, []).append(target)
    seen, todo = {start}, [start]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


# ------------------------------------------------------ 1. hand-worked examples
def test_tutorial_example_4_values_and_gradients():
    # y = (x-4)(x^2+6) at x = 0: y = -24, dy/d(x-4) = x^2+6 = 6, dy/d(x^2+6) = x-4 = -4,
    # dy/d(x^2) = -4, dy/dx = (x^2+6) + (x-4)*2x = 6
    t = traced("(x-4)*(x^2+6)", {"x": 0.0}, dtype="float32")
    expected = {
        "MulBackward0": (-24.0, 1.0),
        "SubBackward0": (-4.0, 6.0),
        "AddBackward0": (6.0, -4.0),
        "PowBackward0": (0.0, -4.0),
        "AccumulateGrad": (0.0, 6.0),
    }
    assert Counter(n.op for n in t.graph.nodes) == Counter(list(expected))
    for op, (value, grad) in expected.items():
        node = only(t.graph, op)
        assert node.value is not None and node.value.dtype == torch.float32
        assert (number(node.value), number(node.grad)) == (value, grad), op
    leaf = only(t.graph, "AccumulateGrad")
    assert leaf.variable == "x"
    ops = {n.id: n.op for n in t.graph.nodes}
    into = {ops[e.source]: number(e.grad) for e in edges_into(t.graph, leaf.id)}
    assert into == {"SubBackward0": 6.0, "PowBackward0": 0.0}  # d(x-4)/dx * 6 and d(x^2)/dx * -4 = 0 * -4
    assert sum(into.values()) == number(t.result.grads["x"]) == 6.0
    assert t.graph.root.op == "MulBackward0"
    assert number(t.result.value) == -24.0


def test_tutorial_example_6_values_and_gradients():
    # z = (x+2y)^2 at x=1, y=2: x+2y = 5, z = 25, dz/d(x+2y) = 10, dz/dx = 10, dz/dy = 2*10 = 20
    t = traced("(x+2*y)^2", {"x": 1.0, "y": 2.0}, dtype="float32")
    expected = {"PowBackward0": (25.0, 1.0), "AddBackward0": (5.0, 10.0), "MulBackward0": (4.0, 10.0)}
    for op, (value, grad) in expected.items():
        node = only(t.graph, op)
        assert (number(node.value), number(node.grad)) == (value, grad), op
    leaves = {n.variable: n for n in t.graph.nodes if n.op == "AccumulateGrad"}
    assert set(leaves) == {"x", "y"}
    assert (number(leaves["x"].value), number(leaves["x"].grad)) == (1.0, 10.0)
    assert (number(leaves["y"].value), number(leaves["y"].grad)) == (2.0, 20.0)
    mul = only(t.graph, "MulBackward0")
    (edge,) = [e for e in t.graph.edges if e.source == mul.id]
    assert edge.target == leaves["y"].id
    assert number(edge.grad) == 20.0
    (edge,) = edges_into(t.graph, leaves["x"].id)
    assert t.graph.node(edge.source).op == "AddBackward0" and number(edge.grad) == 10.0
    assert {name: number(g) for name, g in t.result.grads.items()} == {"x": 10.0, "y": 20.0}


def test_two_over_x_reciprocal_value_comes_from_saved_result():
    # Python's 2/x is 2 * reciprocal(x): PyTorch records MulBackward0 over ReciprocalBackward0
    t = traced("2/x", {"x": 2.0}, dtype="float32")
    assert [n.op for n in t.graph.nodes] == ["MulBackward0", "ReciprocalBackward0", "AccumulateGrad"]
    mul, recip, leaf = t.graph.nodes
    # the reciprocal tensor is made inside Python's operator: no node of the formula has it as its value
    produced = {v.grad_fn for _, v in t.computation.values if isinstance(v, torch.Tensor)}
    fns = grad_fns_by_id(t.computation.output)
    assert fns[recip.id] not in produced
    assert fns[mul.id] in produced
    assert dict(recip.saved)["_saved_result"] == "0.5"
    assert number(recip.value) == 0.5
    assert number(mul.value) == 1.0
    # d(2u)/du = 2 at u = 1/x; d(1/x)/dx = -1/x^2 = -0.25, times 2 = -0.5
    assert (number(mul.grad), number(recip.grad), number(leaf.grad)) == (1.0, 2.0, -0.5)
    assert number(t.result.grads["x"]) == -0.5


def test_a_lone_variable_is_a_single_accumulate_grad():
    t = traced("x", {"x": 3.0}, dtype="float32")
    assert len(t.graph.nodes) == 1 and t.graph.edges == ()
    (leaf,) = t.graph.nodes
    assert (leaf.op, leaf.variable) == ("AccumulateGrad", "x")
    assert (number(leaf.value), number(leaf.grad)) == (3.0, 1.0)
    assert t.graph.backward_order == (leaf.id,)
    assert number(t.result.grads["x"]) == 1.0


# --------------------------------------------------- 2. random formulas vs SymPy
SMOOTH = ("sin", "cos", "exp", "tanh", "sigmoid", "softplus", "atan")


KINDS = ("binary", "power", "smooth", "sqrt_log", "quotient", "reciprocal", "sign", "number_power", "tensor_power")
WEIGHTS = (4, 1, 3, 1, 1, 1, 1, 0.5, 0.5)


def random_formula(rng: random.Random, depth: int, top: bool = True) -> str:
    """Formula text from a small grammar that is smooth and finite at every real point."""
    if depth == 0 or (not top and rng.random() < 0.15):
        return rng.choice(["x", "y", "x", "y", "x", "y", str(rng.randint(1, 5)), "0.5", "pi"])
    a = random_formula(rng, depth - 1, top=False)
    kind = rng.choices(KINDS, WEIGHTS)[0]
    if kind == "binary":
        return f"({a} {rng.choice('+-*')} {random_formula(rng, depth - 1, top=False)})"
    if kind == "power":
        return f"({a})^{rng.choice([2, 3])}"
    if kind == "smooth":
        return f"{rng.choice(SMOOTH)}({a})"
    if kind == "sqrt_log":
        return f"{rng.choice(['sqrt', 'log'])}(({a})^2 + 1)"
    if kind == "quotient":
        return f"({a})/(({random_formula(rng, depth - 1, top=False)})^2 + 1)"
    if kind == "reciprocal":
        return f"{rng.randint(1, 3)}/(({a})^2 + 1)"  # Mul over Reciprocal
    if kind == "sign":
        return rng.choice([f"-({a})", f"+({a})", f"2 - ({a})", f"3*({a})"])
    if kind == "number_power":
        return f"2^(tanh({a}))"  # number ** tensor
    return f"exp(sin({a}))^(cos({random_formula(rng, depth - 1, top=False)}))"  # tensor ** tensor, base > 0


SEEDS = range(40)


@functools.cache
def random_case(seed: int) -> tuple[str, dict[str, float], Traced]:
    rng = random.Random(seed)
    while True:
        text = random_formula(rng, rng.randint(3, 5))
        formula = parse(text)
        if formula.variables and 5 <= formula.size <= 60:
            break
    point = {"x": round(rng.uniform(-1.5, 1.5), 3), "y": round(rng.uniform(-1.5, 1.5), 3)}
    point = {name: point[name] for name in formula.variables}
    return text, point, traced(text, point, dtype="float64")


PLACEHOLDER = Variable("p_subtree")  # a fresh real SymPy symbol, no formula variable is called this


def replaced(node: Node, target: Node, new: Node) -> Node:
    """The tree with `target` (by identity, not equality) swapped for `new`."""
    if node is target:
        return new
    if isinstance(node, Unary):
        return replace(node, operand=replaced(node.operand, target, new))
    if isinstance(node, Call):
        return replace(node, arg=replaced(node.arg, target, new))
    if isinstance(node, Binary):
        return replace(node, left=replaced(node.left, target, new), right=replaced(node.right, target, new))
    return node


def at(expr: sp.Expr, subs: dict) -> float:
    value = expr.evalf(30, subs=subs)
    assert value.is_real, value
    return float(value)


def close(a: float, b: float, rel: float = 1e-8) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def test_the_random_formulas_cover_the_grammar():
    ops = Counter(n.op for seed in SEEDS for n in random_case(seed)[2].graph.nodes)
    for op in ["AddBackward0", "SubBackward0", "MulBackward0", "DivBackward0", "PowBackward0", "PowBackward1",
               "PowBackward2", "ReciprocalBackward0", "NegBackward0", "RsubBackward1", "SinBackward0",
               "CosBackward0", "ExpBackward0", "TanhBackward0", "SigmoidBackward0", "SoftplusBackward0",
               "AtanBackward0", "SqrtBackward0", "LogBackward0", "AccumulateGrad"]:  # fmt: skip
        assert ops[op] > 0, op
    texts = [random_case(seed)[0] for seed in SEEDS]
    assert len(set(texts)) == len(texts)
    assert sum("y" in random_case(seed)[1] for seed in SEEDS) >= 10


@pytest.mark.parametrize("seed", SEEDS)
def test_random_formula_values_and_gradients_match_sympy(seed):
    text, point, t = random_case(seed)
    tree = t.formula.tree
    subs = {symbol(name): value for name, value in point.items()}
    output = to_sympy(tree)
    fns = grad_fns_by_id(t.computation.output)
    assert {node_id: type(fn).__name__ for node_id, fn in fns.items()} == {n.id: n.op for n in t.graph.nodes}
    nodes = {n.id: n for n in t.graph.nodes}
    by_fn = {fn: nodes[node_id] for node_id, fn in fns.items()}

    checked = set()
    for ast_node, value in t.computation.values:
        if not (isinstance(value, torch.Tensor) and value.grad_fn is not None):
            continue
        node = by_fn[value.grad_fn]
        checked.add(node.id)
        # (a) the node's forward value is SymPy's value of that subtree
        expected_value = at(to_sympy(ast_node), subs)
        assert close(number(node.value), expected_value), (text, point, node.op, ast_node)
        # (b) its gradient is d output / d subtree: swap the subtree for a placeholder symbol
        p = to_sympy(PLACEHOLDER)
        rebuilt = to_sympy(replaced(tree, ast_node, PLACEHOLDER))
        expected_grad = at(sp.diff(rebuilt, p), {**subs, p: expected_value})
        assert close(number(node.grad), expected_grad), (text, point, node.op, ast_node)

    # every op node but the reciprocals made inside Python's `c / u` belongs to a node of the formula
    ops_left = {n.op for n in t.graph.nodes if n.id not in checked and n.op != "AccumulateGrad"}
    assert ops_left <= {"ReciprocalBackward0"}, text
    # (c) leaves: value is the point, .grad is SymPy's partial derivative
    leaves = {n.variable: n for n in t.graph.nodes if n.op == "AccumulateGrad"}
    assert set(leaves) == set(t.formula.variables)
    for name, leaf in leaves.items():
        assert number(leaf.value) == point[name]
        partial = at(sp.diff(output, symbol(name)), subs)
        assert close(number(leaf.grad), partial), (text, point, name)
    assert close(number(t.result.value), at(output, subs))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_formula_reciprocals_match_sympy(seed):
    # `c/(u^2+1)`: the reciprocal node holds 1/(u^2+1), and receives c * (gradient of the quotient)
    text, point, t = random_case(seed)
    subs = {symbol(name): value for name, value in point.items()}
    fns = grad_fns_by_id(t.computation.output)
    by_fn = {fns[n.id]: n for n in t.graph.nodes}
    for ast_node, value in t.computation.values:
        if isinstance(ast_node, Binary) and ast_node.op == "/" and isinstance(value, torch.Tensor) and value.grad_fn:
            node = by_fn[value.grad_fn]
            if node.op != "MulBackward0":
                continue
            (edge,) = [e for e in t.graph.edges if e.source == node.id]
            recip = t.graph.node(edge.target)
            assert recip.op == "ReciprocalBackward0"
            assert close(number(recip.value), at(1 / to_sympy(ast_node.right), subs)), text
            assert close(number(recip.grad), number(node.grad) * at(to_sympy(ast_node.left), subs)), text


# ------------------------------------------------------ 3. structural invariants
@pytest.mark.parametrize("seed", SEEDS)
def test_random_formula_backward_pass_is_consistent(seed):
    text, _, t = random_case(seed)
    graph = t.graph
    ids = [n.id for n in graph.nodes]
    assert number(graph.root.grad) == 1.0
    assert number(graph.steps[0].arrived) == 1.0 and graph.steps[0].node == graph.root.id
    for node in graph.nodes[1:]:
        incoming = edges_into(graph, node.id)
        assert incoming, (text, node.id)
        total = sum(number(e.grad) for e in incoming)
        assert math.isclose(number(node.grad), total, rel_tol=1e-12, abs_tol=1e-9), (text, node.id)
    for node in graph.nodes:
        if node.op == "AccumulateGrad":
            assert torch.equal(node.grad, t.result.grads[node.variable]), (text, node.variable)
    # the engine ran every node once, and a node only after every node that sends it a gradient
    order = graph.backward_order
    assert sorted(order) == sorted(ids) and len(order) == len(ids)
    position = {node_id: i for i, node_id in enumerate(order)}
    for edge in graph.edges:
        assert position[edge.source] < position[edge.target], (text, edge)
    # each step sent along exactly the graph's edges out of its node, in order, the same gradients
    for step in graph.steps:
        out = [(e.target, e.grad) for e in graph.edges if e.source == step.node]
        assert [target for target, _ in step.sent] == [target for target, _ in out]
        assert all(torch.equal(a, b) for (_, a), (_, b) in zip(step.sent, out, strict=True))
        assert torch.equal(step.arrived, graph.node(step.node).grad)


# -------------------------------------------------------------- 4. stability, JSON
def test_graph_json_is_identical_across_traces():
    for text in ["(x-4)*(x^2+6)", random_case(3)[0], random_case(17)[0]]:
        formula = parse(text)
        point = dict.fromkeys(formula.variables, 0.7)
        first = json.dumps(graph_json(trace(forward(formula, point))[1]))
        second = json.dumps(graph_json(trace(forward(formula, point))[1]))
        assert first == second


def cli_json(capsys, *argv: str) -> tuple[str, dict]:
    status = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert "NaN" not in out and "Infinity" not in out
    return out, json.loads(out)


def test_cli_json_graph_of_example_6(capsys):
    out, data = cli_json(capsys, "(x+2*y)^2", "--at", "x=1", "y=2")
    graph = data["graph"]
    assert set(graph) == {"nodes", "edges", "backward_order", "walk"}  # the one codec: as for snippets
    assert graph["walk"]["kind"] == "backward" and graph["walk"]["seed"] == 1.0
    for node in graph["nodes"]:
        assert {"id", "op", "value", "grad", "variable", "name", "shape"} <= set(node)
    for edge in graph["edges"]:
        assert set(edge) == {"from", "to", "grad", "slot", "shape", "reduced"}
    nodes = {n["id"]: n for n in graph["nodes"]}
    summary = sorted((n["op"], n["variable"], n["value"], n["grad"]) for n in graph["nodes"])
    assert summary == [
        ("AccumulateGrad", "x", 1.0, 10.0), ("AccumulateGrad", "y", 2.0, 20.0), ("AddBackward0", None, 5.0, 10.0),
        ("MulBackward0", None, 4.0, 10.0), ("PowBackward0", None, 25.0, 1.0),
    ]  # fmt: skip
    edges = sorted((nodes[e["from"]]["op"], nodes[e["to"]]["variable"] or nodes[e["to"]]["op"], e["grad"])
                   for e in graph["edges"])  # fmt: skip
    assert edges == [("AddBackward0", "MulBackward0", 10.0), ("AddBackward0", "x", 10.0),
                     ("MulBackward0", "y", 20.0), ("PowBackward0", "AddBackward0", 10.0)]  # fmt: skip
    assert sorted(graph["backward_order"]) == sorted(nodes)
    assert graph["backward_order"][0] == graph["nodes"][0]["id"]
    again, _ = cli_json(capsys, "(x+2*y)^2", "--at", "x=1", "y=2")
    assert again == out


@pytest.mark.parametrize(
    ("text", "at", "root", "leaf", "edge"),
    [
        # d sqrt(x)/dx = 1/(2 sqrt(x)) is +inf at 0
        ("sqrt(x)", "x=0", ("SqrtBackward0", 0.0, 1.0), (0.0, "inf"), "inf"),
        # log(0) = -inf, d log(x)/dx = 1/x = +inf
        ("log(x)", "x=0", ("LogBackward0", "-inf", 1.0), (0.0, "inf"), "inf"),
        # log(-1) is nan, its derivative 1/x = -1 is finite
        ("log(x)", "x=-1", ("LogBackward0", "nan", 1.0), (-1.0, -1.0), -1.0),
        # 1/x at 0: the reciprocal is inf, the gradient -1/x^2 is -inf
        ("-x^-1", "x=0", ("NegBackward0", "-inf", 1.0), (0.0, "inf"), "inf"),
    ],
)
def test_cli_json_graph_non_finite_numbers_are_strings(capsys, text, at, root, leaf, edge):
    out, data = cli_json(capsys, text, "--at", at)
    nodes = data["graph"]["nodes"]
    assert (nodes[0]["op"], nodes[0]["value"], nodes[0]["grad"]) == root
    (x,) = [n for n in nodes if n["op"] == "AccumulateGrad"]
    assert (x["variable"], x["value"], x["grad"]) == ("x", *leaf)
    assert data["gradient"] == {"x": leaf[1]}
    (into,) = [e for e in data["graph"]["edges"] if e["to"] == x["id"]]
    assert into["grad"] == edge
    assert cli_json(capsys, text, "--at", at)[0] == out


# -------------------------------------------------------------------- 5. to_dot
STEPPED = {
    "(x-4)*(x^2+6)": {"x": 0.0},
    "(x+2*y)^2": {"x": 1.0, "y": 2.0},
    "sin(x*y) + x/y - 2/x": {"x": 1.25, "y": -0.5},
}


def stepped(text: str) -> Traced:
    return traced(text, STEPPED[text])


def is_known(node: GraphNode, lines: list[str]) -> bool:
    if node.op == "AccumulateGrad":
        return ".grad = None" not in lines
    return any(line.startswith("grad ") for line in lines)  # an unknown gradient is left out, not written as ?


@pytest.mark.parametrize("text", STEPPED)
def test_progress_zero_shows_nothing_run(text):
    graph = stepped(text).graph
    drawn = dot_nodes(to_dot(graph, progress=0))
    for node in graph.nodes:
        lines, attributes = drawn[node.id]
        assert fill(attributes) != CURRENT_FILL
        assert "dashed" in attributes  # pending
        assert not is_known(node, lines), (node.id, lines)


@pytest.mark.parametrize("text", STEPPED)
def test_progress_k_highlights_the_kth_node_run(text):
    graph = stepped(text).graph
    order = graph.backward_order
    for k in range(1, len(order) + 1):
        dot = to_dot(graph, progress=k)
        drawn = dot_nodes(dot)
        current = [node_id for node_id, (_, attributes) in drawn.items() if fill(attributes) == CURRENT_FILL]
        assert current == [order[k - 1]], k
        for node in graph.nodes:
            assert is_known(node, drawn[node.id][0]) == (node.id in order[:k]), (k, node.id)
        # the edges the current node sent are drawn active
        active = {m.group(1) for m in re.finditer(r"^\s*\w+ -> (\w+) .*color=\"#ea580c\"", dot, re.MULTILINE)}
        assert active == {e.target for e in graph.edges if e.source == order[k - 1]}


@pytest.mark.parametrize("text", STEPPED)
def test_progress_is_clamped(text):
    graph = stepped(text).graph
    steps = len(graph.steps)
    assert to_dot(graph, progress=-1) == to_dot(graph, progress=-100) == to_dot(graph, progress=0)
    last = to_dot(graph, progress=steps)
    assert to_dot(graph, progress=steps + 5) == to_dot(graph, progress=steps + 1000) == last
    finished = to_dot(graph)
    assert CURRENT_FILL not in finished and "grad = ?" not in finished and ".grad = None" not in finished
    # the finished pass and the last step differ only where the last node run is highlighted
    final = graph.backward_order[-1]
    changed = set(last.splitlines()) ^ set(finished.splitlines())
    assert changed
    assert all(line.lstrip().startswith(f"{final} ") for line in changed), changed
    for node_id, (lines, _) in dot_nodes(last).items():
        assert lines == dot_nodes(finished)[node_id][0]


def test_untracked_variable_is_dashed_and_unconnected():
    t = traced("x*y + y", {"x": 1.0, "y": 2.0}, requires_grad={"y": False})
    assert t.result.grads["y"] is None
    (untracked,) = t.graph.untracked
    assert (untracked.variable, untracked.requires_grad, number(untracked.value)) == ("y", False, 2.0)
    for progress in [None, 0, 1]:
        dot = to_dot(t.graph, progress=progress)
        lines, attributes = dot_nodes(dot)[untracked.id]
        assert lines[0] == "y" and "requires_grad=False" in lines
        assert "dashed" in attributes
        assert all(untracked.id not in edge for edge in dot_edges(dot))
        assert "requires_grad=False" not in "".join(line for n in t.graph.nodes for line in dot_nodes(dot)[n.id][0])
    assert [n.variable for n in t.graph.nodes if n.op == "AccumulateGrad"] == ["x"]


def test_saved_tensors_are_shown_on_request():
    t = traced("x^2", {"x": 1.5}, dtype="float32")
    plain, detailed = to_dot(t.graph), to_dot(t.graph, saved=True)
    assert "_saved_" not in plain
    pow_lines = dot_nodes(detailed)[only(t.graph, "PowBackward0").id][0]
    assert "_saved_exponent = 2" in pow_lines
    assert "_saved_self = 1.5" in pow_lines
    # only the lines of saved values were added
    added = set(detailed.splitlines()) - set(plain.splitlines())
    assert len(added) == 1 and "_saved_exponent = 2" in added.pop()


# ------------------------------------------------------------ 6. large graphs
FIFTY_RECIPROCALS = " + ".join(["2/x"] * 50)
LONG_SUM = "+".join(f"x{i // 5}" for i in range(100))  # x0+x0+...+x19: 100 terms, 20 variables


def test_the_large_formulas_are_at_the_node_limit():
    assert parse(FIFTY_RECIPROCALS).size == 199
    assert parse(LONG_SUM).size == 199
    with pytest.raises(FormulaError, match="too large"):
        parse(" + ".join(["2/x"] * 51))
    with pytest.raises(FormulaError, match="too large"):
        parse(LONG_SUM + "+x0")


def test_fifty_identical_branches_are_grouped_and_render_narrow():
    t = traced(FIFTY_RECIPROCALS, {"x": 2.0}, dtype="float32")
    graph = t.graph
    assert len(graph.nodes) == 150
    assert Counter(n.op for n in graph.nodes) == Counter(
        {"MulBackward0": 50, "ReciprocalBackward0": 50, "AddBackward0": 49, "AccumulateGrad": 1}
    )
    assert number(t.result.grads["x"]) == -25.0  # 50 * d(2/x)/dx = 50 * -2/4
    dot = to_dot(graph)
    drawn = dot_nodes(dot)
    grouped = {lines[0]: lines[-1] for lines, _ in drawn.values() if "×" in lines[-1]}
    assert grouped == {"Mul": "× 50", "Reciprocal": "× 50"}
    assert len(drawn) == 49 + 1 + 1 + 1 + 1  # the Add chain, one Mul, one Reciprocal, x, the output
    assert set(drawn) == reachable(dot)
    assert {end for edge in dot_edges(dot) for end in edge} <= set(drawn)
    assert svg_width(svg(dot)) < 600

    tree = expression_dot(expression(t.formula, t.computation.values))
    assert len(dot_nodes(tree)) == t.formula.size == 199
    assert svg_width(svg(tree)) < 600


def test_identical_branches_with_different_gradients_are_not_grouped():
    # k*cos(x) at x = 0: every cos(x) has the same ops and value and sends the same 0 to x,
    # but receives its own gradient k, so no two of them may be drawn as one
    text = " + ".join(f"{k}*cos(x)" for k in range(1, 40))
    t = traced(text, {"x": 0.0}, dtype="float32")
    assert len(t.graph.nodes) == 39 + 39 + 38 + 1
    cosines = [n for n in t.graph.nodes if n.op == "CosBackward0"]
    assert sorted(number(n.grad) for n in cosines) == list(range(1, 40))
    assert {number(e.grad) for n in cosines for e in t.graph.edges if e.source == n.id} == {0.0}
    drawn = dot_nodes(to_dot(t.graph))
    assert not any("×" in lines[-1] for lines, _ in drawn.values())
    shown = sorted(lines[2] for lines, _ in drawn.values() if lines[0] == "Cos")
    assert shown == sorted(f"grad = {k}" for k in range(1, 40))


def test_a_long_sum_is_drawn_as_a_narrow_column():
    formula = parse(LONG_SUM)
    t = traced(LONG_SUM, {name: float(i) for i, name in enumerate(formula.variables)}, dtype="float32")
    assert formula.variables == tuple(f"x{i}" for i in range(20))
    assert Counter(n.op for n in t.graph.nodes) == Counter({"AddBackward0": 99, "AccumulateGrad": 20})
    assert number(t.result.value) == 5 * sum(range(20))
    assert all(number(grad) == 5.0 for grad in t.result.grads.values())  # each variable is used 5 times
    dot = to_dot(t.graph)
    drawn = dot_nodes(dot)
    assert "\\n× " not in dot  # every partial sum differs, every leaf is another variable: no node grouped
    assert dot.count(">× 2<") == 1  # but x0 + x0, the first sum, sends x0 two gradients: one line marked × 2
    assert set(drawn) == reachable(dot) == {"output"} | {n.id for n in t.graph.nodes}
    assert sum("group=spine" in attributes for _, attributes in drawn.values()) == 100  # the Add chain and x0
    assert svg_width(svg(dot)) < 600
    tree = expression_dot(expression(t.formula, t.computation.values))
    assert len(dot_nodes(tree)) == 199
    assert svg_width(svg(tree)) < 600


# ------------------------------------------------------------ 7. expression tree
def test_expression_tree_of_example_4_shows_forward_values():
    t = traced("(x-4)*(x^2+6)", {"x": 0.0}, dtype="float32")
    drawn = dot_nodes(expression_dot(expression(t.formula, t.computation.values)))
    assert len(drawn) == t.formula.size == 9
    labels = Counter(tuple(lines) for lines, _ in drawn.values())
    assert labels == Counter({
        ("×", "= -24"): 1, ("−", "= -4"): 1, ("+", "= 6"): 1, ("^", "= 0"): 1, ("x", "= 0"): 2,
        ("4",): 1, ("2",): 1, ("6",): 1,
    })  # fmt: skip


@pytest.mark.parametrize("seed", [0, 5, 11, 23])
def test_expression_tree_values_follow_the_forward_pass(seed):
    text, _, t = random_case(seed)
    dot = expression_dot(expression(t.formula, t.computation.values))
    drawn = dot_nodes(dot)
    assert len(drawn) == t.formula.size
    # post-order ids: t{i} is the i-th recorded value
    for i, (ast_node, value) in enumerate(t.computation.values):
        lines = drawn[f"t{i}"][0]
        if isinstance(ast_node, Variable):
            assert lines[0] == ast_node.name
        if len(lines) > 1:
            shown = float(lines[-1].removeprefix("= "))
            exact = float(torch.as_tensor(value).detach())
            assert math.isclose(shown, exact, rel_tol=1e-3, abs_tol=1e-3), (text, i, lines)
    # every edge goes from a child to its parent, and the root is the last node
    edges = dot_edges(dot)
    assert len(edges) == t.formula.size - 1
    assert all(int(s[1:]) < int(p[1:]) for s, p in edges)


def test_legend_renders():
    image = svg(legend_dot())
    assert image.lstrip().startswith(b"<?xml") or b"<svg" in image[:500]
    for text in [b"backward op", b"requires_grad=False", b"running now", b"not yet run"]:
        assert text in image


# -------------------------------------------------------------------- 8. rules
EVERY_FORM = [f"{func}(x)" for func in FUNCTIONS] + [
    "x+y", "x-y", "x*y", "x/y", "x^y", "x+2", "2+x", "x-2", "2-x", "2*x", "x*2", "x/2", "2/x", "2^x", "x^2",
    "-x", "+x", "e^x", "pi*x", "x^(1+1)", "(1+1)^x", "(1+2)-x", "(1+2)/x", "x^-1",
]  # fmt: skip


def test_every_node_class_of_the_language_has_a_rule():
    seen: set[str] = set()
    for text in EVERY_FORM:
        formula = parse(text)
        graph = traced(text, dict.fromkeys(formula.variables, 0.7)).graph
        assert graph.nodes, text
        seen |= {n.op for n in graph.nodes}
    assert {"RsubBackward1", "ReciprocalBackward0", "PowBackward1", "PowBackward2", "NegBackward0"} <= seen
    assert len(seen) >= 25
    fallback = "see PyTorch's derivatives.yaml"
    for op in sorted(seen):
        assert op in RULES, op
        latex = rule(op)
        assert fallback not in latex and latex.strip(), op
        assert latex.count("{") == latex.count("}"), op
    assert fallback in rule("NoSuchBackward0")
