"""Large graphs from snippets: a loop's repeated body folded into one box, shared weights kept, every
walk iterative (a chain of nearly the largest graph kept), and formulas drawn as before."""

from __future__ import annotations

import re

from explorer.draw.dot import STYLES, legend_dot, to_dot
from explorer.draw.layout import children_first, fold_repeats, spine_path
from explorer.formula.forward import forward, trace
from explorer.formula.parser import parse
from explorer.snippet import run
from explorer.snippet.catalog import EXAMPLES

SOURCE = {e.file.removesuffix(".py"): e.source for e in EXAMPLES}
CHAIN = ("import torch\nx = torch.randn(3, requires_grad=True)\nh = x\nfor i in range(650):\n"
         "    h = torch.tanh(h * 0.9 + 0.1)\nloss = h.sum()\nloss.backward()\n")  # fmt: skip


def drawn_ids(dot: str) -> set[str]:
    return set(re.findall(r"^\t(\w+) \[label=", dot, flags=re.M)) - {"output"}


def arrows(dot: str) -> set[tuple[str, str]]:
    return set(re.findall(r"^\t(\w+) -> (\w+)", dot, flags=re.M))


def test_children_come_first_and_the_spine_follows_the_largest_subtree_without_recursion():
    chain = {f"n{i}": [f"n{i + 1}"] for i in range(5000)} | {"n0": ["n1", "side"]}
    order = children_first("n0", chain)
    assert set(order[:2]) == {"n5000", "side"} and order[-1] == "n0" and len(order) == 5002
    position = {node: i for i, node in enumerate(order)}
    assert all(position[child] < position[node] for node, kids in chain.items() for child in kids)
    assert spine_path("n0", chain)[:3] == ["n0", "n1", "n2"] and "side" not in spine_path("n0", chain)


def test_a_loops_body_repeated_650_times_draws_as_its_first_and_last_copies_around_one_box():
    graph = run(CHAIN).graph
    dot = to_dot(graph, "loss", fold=True)
    assert "⋮ 648 more ×\\nTanh → Add → Mul" in dot
    ids = drawn_ids(dot)
    # loss's Sum, the first body (Tanh, Add, Mul), the box, the last body, and the leaf x
    assert len(ids) == 1 + 3 + 1 + 3 + 1 and "fold0" in ids and graph.nodes[-1].id in ids
    assert ("n3", "fold0") in arrows(dot) and ("fold0", "n1948") in arrows(dot)
    assert len(drawn_ids(to_dot(graph, "loss"))) == len(graph.nodes)  # without `fold`: every node


def test_weights_used_at_every_step_stay_drawn_and_the_box_links_to_them():
    graph = run(SOURCE["rnn_loop"]).graph
    ops = {n.id: n.op for n in graph.nodes}
    rep_children: dict[str, list[str]] = {}
    for edge in graph.edges:
        rep_children.setdefault(edge.source, []).append(edge.target)
    (fold,) = fold_repeats(graph.nodes[0].id, rep_children, ops.__getitem__)
    assert fold.count == 28 and fold.ops == ("TanhBackward0", "AddBackward0", "MvBackward0")
    leaves = {n.id for n in graph.nodes if n.variable in ("W", "U")}
    assert len(leaves) == 2 and not leaves & fold.members
    dot = to_dot(graph, "loss", fold=True)
    assert leaves <= drawn_ids(dot) and any(s == "fold0" and t in leaves for s, t in arrows(dot))
    assert len(drawn_ids(dot)) < len(graph.nodes) / 5  # 124 nodes, 14 boxes


def test_a_step_inside_the_fold_lights_up_the_box():
    graph = run(CHAIN).graph
    inside = next(i for i, step in enumerate(graph.steps, 1) if step.node == "n900")
    dot = to_dot(graph, "loss", fold=True, progress=inside)
    box = next(line for line in dot.splitlines() if line.startswith("\tfold0 ["))
    assert STYLES["current"].fill in box and "penwidth=3" in box
    waiting = to_dot(graph, "loss", fold=True, progress=3)
    assert STYLES["pending"].fill in next(line for line in waiting.splitlines() if line.startswith("\tfold0 ["))


def test_formulas_are_not_folded_and_only_a_folding_legend_shows_the_box():
    long_sum = "+".join(f"x{i // 5}" for i in range(100))  # a chain of 99 Adds: not a loop, kept whole
    _, graph = trace(forward(parse(long_sum), {f"x{i}": 1.0 for i in range(20)}, None, "float64"))
    assert len(graph.nodes) > 60 and "fold0" not in to_dot(graph, "y")
    assert "repeated block, folded" in legend_dot(folded=True) and "folded" not in legend_dot()
