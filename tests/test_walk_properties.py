"""The drawing against PyTorch: generated snippets run by our interpreter and by real Python (the reference,
on these generated, trusted programs), compared on what the drawing says of the last walk, not only on what
the programs print:

* the seed is the gradient the call started from (1 for a scalar, v for backward(gradient=v));
* every entry of next_functions is an edge (x*x has two), in the record and in the DOT;
* each leaf's .grad before and after the walk is PyTorch's, and the edges into a leaf add up to its change;
* a walk that raised carries PyTorch's error, and .grad as PyTorch holds it;
* autograd.grad's walk returns the gradients on the leaves and leaves .grad alone;
* no gradient appears on a graph no walk went through.

Profiles as in tests/test_properties.py ("dev" by default, "ci" in the test command).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_snippet_properties import LEAVES, SHAPES, expressions, programs

from explorer.draw.dot import to_dot
from explorer.draw.labels import written
from explorer.snippet import SEED, run
from explorer.traced.graph import LEAF, Graph

settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=400, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
BATCHES = int(os.environ.get("WALK_BATCHES", "10" if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else "1"))


@st.composite
def walks(draw) -> str:
    expr = draw(expressions())
    leaf = draw(st.sampled_from(LEAVES))
    kind = draw(st.sampled_from(["sum", "sum", "square", "gradient", "retain", "twice", "grad", "none", "print",
                                 "assign"]))  # fmt: skip
    if kind == "sum":
        return f"({expr}).sum().backward()"
    if kind == "square":  # a leaf used twice by one node: two edges between the same two nodes
        return f"({leaf} * {leaf}).sum().backward()"
    if kind == "gradient":
        return f"q = {expr}\nq.backward(gradient=torch.ones_like(q) * {draw(st.sampled_from(['0.5', '-2.0', '3.0']))})"
    if kind == "retain":
        return f"({expr}).sum().backward(retain_graph=True)"
    if kind == "twice":  # raises when the first call freed what a node saved
        return f"s = ({expr}).sum()\ns.backward()\ns.backward()"
    if kind == "grad":
        return f"gs = torch.autograd.grad(({expr}).sum(), [a, b, c], allow_unused=True)"
    if kind == "none":
        return f"{leaf}.grad = None"
    if kind == "print":
        return f"print({leaf}.grad)"
    return f"u = {expr}"



# Real PyTorch, watched: for the last backward() or autograd.grad() call, the seed, each leaf's .grad before and
# after, what autograd.grad returned, PyTorch's error, and the multiset of (node, node) edges of its graph.
REFERENCE = f"""
import io, json, sys
from contextlib import redirect_stdout
import torch
real_backward, real_grad = torch.Tensor.backward, torch.autograd.grad

def flat(t):
    return None if t is None else t.detach().double().reshape(-1).tolist()

def held():
    return {{n: flat(v.grad) for n, v in scope.items()
            if isinstance(v, torch.Tensor) and v.is_leaf and v.requires_grad}}

def edges(t):
    root = t.grad_fn if t.grad_fn is not None else (
        torch.autograd.graph.get_gradient_edge(t).node if t.requires_grad else None)
    seen, todo, pairs = set(), [root] if root is not None else [], []
    while todo:
        fn = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        for child, _ in fn.next_functions:
            if child is not None:
                pairs.append([type(fn).__name__, type(child).__name__])
                todo.append(child)
    return sorted(pairs)

def seed(t, given):
    if given is not None:
        return flat(given)
    return [1.0] if t.numel() == 1 else None

def watched(kind, t, given, call):
    record = {{"kind": kind, "seed": seed(t, given), "before": held(), "edges": edges(t), "error": None}}
    calls.append(record)
    try:
        out = call()
    except Exception as exc:
        record["error"] = type(exc).__name__ + ": " + str(exc)
        raise
    finally:
        record["after"] = held()
    if kind == "grad":
        record["returned"] = [flat(g) for g in out]
    return out

def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    return watched("backward", self, gradient, lambda: real_backward(self, gradient, retain_graph, create_graph))

def grad(outputs, inputs, grad_outputs=None, **options):
    return watched("grad", outputs, grad_outputs, lambda: real_grad(outputs, inputs, grad_outputs, **options))

torch.Tensor.backward, torch.autograd.grad = backward, grad
for source in json.loads(sys.stdin.read()):
    torch.manual_seed({SEED})
    calls, scope = [], {{"__name__": "__main__"}}
    try:
        with redirect_stdout(io.StringIO()):
            exec(compile(source, "snippet.py", "exec"), scope)
    except Exception:
        pass
    print(json.dumps(calls[-1] if calls else None))
"""  # the reference runs only programs this test generated: trusted text


def flat(value) -> list[float] | None:
    return None if value is None else value.detach().double().reshape(-1).tolist()


def close(ours: list[float] | None, real: list[float] | None) -> bool:
    if ours is None or real is None:
        return ours is real
    return len(ours) == len(real) and torch.allclose(torch.tensor(ours), torch.tensor(real), rtol=1e-5, atol=1e-6,
                                                     equal_nan=True)  # fmt: skip


def edge_pairs(graph: Graph) -> list[list[str]]:
    ops = {n.id: n.op for n in graph.nodes}
    return sorted([ops[e.source], ops[e.target]] for e in graph.edges)


def check_the_walk(source: str, real: dict) -> None:
    ours = run(source)
    graph = ours.graph
    assert graph is not None and graph.walk is not None, source
    walk = graph.walk
    assert walk.kind == real["kind"] and walk.error == real["error"], source
    assert close(flat(walk.seed) if walk.seed is not None else None, real["seed"]) or walk.error, source
    assert edge_pairs(graph) == real["edges"], source
    leaves = [n for n in graph.nodes if n.op == LEAF]
    for leaf in leaves:
        assert close(flat(leaf.held_before), real["before"][leaf.variable]), (source, leaf.variable)
        assert close(flat(leaf.held), real["after"][leaf.variable]), (source, leaf.variable)
        into = [e.grad for e in graph.edges if e.target == leaf.id and e.grad is not None]
        if leaf is graph.root and walk.seed is not None:  # q = a; q.backward(): the seed goes straight to the leaf
            into.append(walk.seed)
        if walk.kind == "backward" and walk.error is None:  # the edges into a leaf add up to its change of .grad
            if not into:  # no gradient reached it (an undefined one): .grad is as it was
                assert close(flat(leaf.held), flat(leaf.held_before)), (source, leaf.variable)
                continue
            change = leaf.held - (0 if leaf.held_before is None else leaf.held_before)
            assert torch.allclose(torch.stack(into).sum(0), change, rtol=1e-5, atol=1e-5, equal_nan=True), \
                (source, leaf.variable)  # fmt: skip
        if walk.kind == "grad":  # returned, and .grad left alone
            returned = real["returned"][LEAVES.index(leaf.variable)]
            assert close(flat(leaf.grad), returned), (source, leaf.variable)
            assert close(flat(leaf.held), flat(leaf.held_before)), source
    dot = to_dot(graph, "out", compact=False)
    drawn = re.findall(r"^\s*(n\d+) -> (n\d+)", dot, re.MULTILINE)
    assert Counter(drawn) == Counter((e.source, e.target) for e in graph.edges), source  # every edge, x*x twice
    if walk.seed is not None and walk.error is None:
        oval = next(line for line in dot.splitlines() if line.lstrip().startswith("output [label="))
        assert f"grad = {written(walk.seed)}" in oval, source  # the output's oval: the seed


def check_no_walk(source: str) -> None:
    """Without any walk no gradient is drawn: the graph of a named result has no walk, no gradient numbers."""
    ours = run(source, graph_of="u")
    graph = ours.graph
    if graph is None or ours.error is not None:
        return
    assert graph.walk is None and not graph.steps
    assert all(n.grad is None for n in graph.nodes) and all(e.grad is None for e in graph.edges)
    dot = to_dot(graph, "u", compact=False)
    assert not re.search(r"\\ngrad ", dot) and "<table" not in dot  # no node's gradient, no edge label


@settings(max_examples=BATCHES)
@given(st.lists(programs(walks, 5), min_size=20, max_size=20))
def test_the_drawing_of_the_last_walk_is_what_pytorch_did(sources) -> None:
    done = subprocess.run([sys.executable, "-c", REFERENCE], input=json.dumps(sources), capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for source, line in zip(sources, done.stdout.splitlines(), strict=True):
        real = json.loads(line)
        if real is None:
            assert run(source).graph is None or run(source).graph.walk is None, source
            check_no_walk(source)
        else:
            check_the_walk(source, real)


@given(st.lists(st.sampled_from([f"u = {e}" for e in ("a * a", "b.exp() * b", "(c @ b).sum()", "a + b")]),
                min_size=1, max_size=3))
def test_a_graph_no_walk_went_through_has_no_gradient(statements) -> None:
    lines = ["import torch"] + [f"{n} = torch.randn({SHAPES[n]}, requires_grad=True)" for n in LEAVES] + statements
    check_no_walk("\n".join(lines) + "\n")
