"""How a large graph is laid out readably, before it is drawn: identical subtrees grouped, the main
chain kept straight, and a block of nodes that a loop repeated many times folded into one box.

Pure functions of node ids and links; `dot.py` turns their answers into DOT. All walks are
iterative, so a chain of thousands of nodes (a snippet's loop) needs no deep recursion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from explorer.traced.graph import Graph
from explorer.traced.text import short

MIN_REPEATS = 4  # a block repeated this often along the main chain is folded (first and last stay drawn)
MAX_PERIOD = 12  # nodes in one repeated block, at most


def children_first(root: str | list[str], children: dict[str, list[str]]) -> list[str]:
    """Every node reachable from root (or from each of a list of roots), each after all of its children."""
    order: list[str] = []
    done: set[str] = set()
    stack: list[tuple[str, bool]] = [(r, False) for r in reversed(root if isinstance(root, list) else [root])]
    while stack:
        node, expanded = stack.pop()
        if node in done:
            continue
        if expanded:
            done.add(node)
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children.get(node, ()) if child not in done)
    return order


def spine_path(root: str, children: dict[str, list[str]]) -> list[str]:
    """The path from the root that always goes to the largest child subtree.

    Large graphs draw it as one straight column (Graphviz `group`), with the smaller branches beside
    it, so a long chain such as `x1 + x2 + ... + x99` stays narrow."""
    sizes: dict[str, int] = {}
    for node in children_first(root, children):
        sizes[node] = 1 + sum(sizes[child] for child in children.get(node, ()))
    path: list[str] = []
    node: str | None = root
    while node is not None and node not in path:
        path.append(node)
        node = max(children.get(node, ()), key=sizes.__getitem__, default=None)
    return path


def spine_of(root: str, children: dict[str, list[str]]) -> set[str]:
    return set(spine_path(root, children))


def identical_groups(graph: Graph) -> dict[str, list[str]]:
    """Representative id -> the ids of identical subtrees (same ops, numbers and children).

    A formula such as `2/x + 2/x + ...` repeats one piece fifty times; drawn once with a count, a
    large graph stays readable."""
    children: dict[str, list[tuple[str, str]]] = {n.id: [] for n in graph.nodes}
    for edge in graph.edges:
        children[edge.source].append((short(edge.grad, 3), edge.target))
    targets = {node: [child for _, child in links] for node, links in children.items()}
    nodes = {n.id: n for n in graph.nodes}
    kinds: dict[tuple, int] = {}  # a subtree's signature -> a small number standing for it
    kind_of: dict[str, int] = {}
    for node_id in children_first([n.id for n in graph.nodes], targets):
        node = nodes[node_id]
        signature = (node.op, node.variable, short(node.value, 3), short(node.grad, 3),
                     tuple((grad, kind_of[child]) for grad, child in children[node_id]))  # fmt: skip
        kind_of[node_id] = kinds.setdefault(signature, len(kinds))
    groups: dict[int, list[str]] = {}
    for n in graph.nodes:
        groups.setdefault(kind_of[n.id], []).append(n.id)
    return {ids[0]: ids for ids in groups.values()}


@dataclass(frozen=True)
class Fold:
    """One box standing for `count` repeats of a block of ops along the main chain."""

    id: str
    count: int  # blocks folded away (the first and the last of the run stay drawn)
    ops: tuple[str, ...]  # the block's ops, top to bottom
    members: frozenset[str]  # every node drawn as this box


def fold_repeats(root: str, children: dict[str, list[str]], op: Callable[[str], str]) -> list[Fold]:
    """The runs of one block of ops repeated MIN_REPEATS times or more down the main chain (a loop's
    body: Mul, Add, Tanh, Mul, Add, Tanh ...). The middle blocks, with the branches only they lead to,
    are folded; a node also reached from outside the fold (a weight used in every step) stays drawn."""
    path = spine_path(root, children)
    runs: list[tuple[int, int, int]] = []  # (start, period, repeats)
    i = 0
    while i < len(path):
        best = max(((p, _repeats(path, i, p, op)) for p in range(1, MAX_PERIOD + 1)), key=lambda pr: pr[0] * pr[1])
        period, repeats = best
        if repeats >= MIN_REPEATS:
            runs.append((i, period, repeats))
            i += period * repeats
        else:
            i += 1
    folded: list[set[str]] = [set(path[start + period : start + period * (repeats - 1)])
                              for start, period, repeats in runs]  # fmt: skip
    inside = set().union(*folded) if folded else set()
    seen_outside = _reachable_from({n for n in path if n not in inside}, children, stop=inside, keep_starts=True)
    folds = []
    for k, ((start, period, repeats), members) in enumerate(zip(runs, folded, strict=True)):
        branches = _reachable_from(members, children, stop=seen_outside)
        ops = tuple(op(node) for node in path[start : start + period])
        folds.append(Fold(f"fold{k}", repeats - 2, ops, frozenset(members | branches)))
    return folds


def _repeats(path: list[str], start: int, period: int, op: Callable[[str], str]) -> int:
    block = [op(node) for node in path[start : start + period]]
    if len(block) < period:
        return 0
    count = 1
    while [op(node) for node in path[start + count * period : start + (count + 1) * period]] == block:
        count += 1
    return count


def _reachable_from(starts: set[str], children: dict[str, list[str]], stop: set[str],
                    keep_starts: bool = False) -> set[str]:  # fmt: skip
    """Nodes reachable from `starts` without passing through `stop` (the starts themselves if asked)."""
    seen, todo = set(starts), list(starts)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen and child not in stop:
                seen.add(child)
                todo.append(child)
    return seen if keep_starts else seen - starts
