"""A watched walk: the real `backward()` (or `autograd.grad()`, or a snippet's own call) run with a pre- and a
post-hook on every node of explorer/traced/capture.py's graph.

The hooks see the gradient that arrives at each node, the gradients it sends along each edge, and the order in
which PyTorch's engine ran the nodes; a node that was entered and never finished is where PyTorch raised.
Nothing here recomputes a gradient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import torch

from explorer.traced.capture import Link, build_graph, detached, root_of, traverse
from explorer.traced.graph import Graph, Step, Walk

Tensor = torch.Tensor


@dataclass(frozen=True)
class Watched:
    graph: Graph  # with its walk
    raised: BaseException | None  # what PyTorch raised during the call (the caller raises it again)
    returned: object = None  # what the call returned (autograd.grad: the gradients)

    def checked(self) -> Graph:
        """The graph with its walk, or PyTorch's error raised again."""
        if self.raised is not None:
            raise self.raised
        return self.graph


def seed_of(output: Tensor, gradient: object) -> Tensor | None:
    """The gradient a walk from `output` starts from: `gradient` as given, or 1 for a one-element output."""
    if isinstance(gradient, Tensor):
        return gradient.detach().clone()
    if isinstance(gradient, (int, float)) and not isinstance(gradient, bool):
        return torch.tensor(float(gradient))
    return torch.ones_like(output.detach()) if output.numel() == 1 else None


def watch(
    output: Tensor, leaves: Mapping[str, Tensor], values: Iterable[tuple[object, object]] = (),
    names: Mapping[object, str] | None = None, run: Callable[[], object] | None = None, *,
    seed: Tensor | None = None, walk: Walk | None = None, inputs: Iterable[Tensor] = (),
) -> Watched:  # fmt: skip
    """Run `run()` (default `output.backward()`) with a hook on every node of output's graph, and record the
    walk: what reached each node and flowed along each edge, the engine's order, each leaf's .grad before and
    after, the seed, and where PyTorch raised if it did. `inputs`: autograd.grad's inputs, whose gradients
    the engine hands back instead of running their nodes."""
    ids, links = traverse(output)
    graph = build_graph(ids, links, leaves, values, names or {})  # reads saved tensors while they still exist
    entered: list[tuple[object, tuple]] = []
    fired: list[tuple[object, tuple, tuple]] = []
    handles = []
    for fn in ids:
        handles.append(fn.register_prehook(lambda grad_outputs, fn=fn: entered.append((fn, grad_outputs))))  # type: ignore[attr-defined]
        handles.append(fn.register_hook(  # type: ignore[attr-defined]
            lambda grad_inputs, grad_outputs, fn=fn: fired.append((fn, grad_inputs, grad_outputs))))
    raised: BaseException | None = None
    returned = None
    try:
        returned = run() if run is not None else output.backward()
    except Exception as exc:  # noqa: BLE001 (PyTorch's error is part of the record, then raised again)
        raised = exc
    finally:
        for handle in handles:
            handle.remove()
    return Watched(_walked(graph, ids, links, fired, entered, raised, seed, walk or Walk(), inputs, returned),
                   raised, returned)  # fmt: skip


def _walked(graph: Graph, ids: dict[object, str], links: list[Link], fired: list, entered: list,
            raised: BaseException | None, seed: Tensor | None, walk: Walk, inputs: Iterable[Tensor],
            returned: object) -> Graph:  # fmt: skip
    sent_by: dict[object, tuple] = {}
    steps = []
    for fn, grad_inputs, grad_outputs in fired:
        sent_by[fn] = grad_inputs
        children = [(slot, child) for slot, (child, _) in enumerate(fn.next_functions) if child is not None]
        sent = tuple((ids[child], detached(grad_inputs[slot])) for slot, child in children)
        steps.append(Step(ids[fn], detached(grad_outputs[0]), sent))
    arrived = {ids[fn]: detached(grads[0]) for fn, grads in entered if grads}  # what reached each node run or tried
    arrived |= {step.node: step.arrived for step in steps}
    captured = _captured(ids, inputs, returned)  # autograd.grad: what it returned for each input's node
    arrived |= captured
    by_id = {node_id: fn for fn, node_id in ids.items()}
    nodes = []
    for n in graph.nodes:
        variable = getattr(by_id[n.id], "variable", None)
        after = detached(variable.grad) if variable is not None else None
        nodes.append(replace(n, grad=arrived.get(n.id), held_before=n.held, held=after))
    edges = tuple(
        replace(edge, grad=detached(sent_by[link.source][link.slot]) if link.source in sent_by else None)
        for edge, link in zip(graph.edges, links, strict=True)
    )
    stopped = None
    if raised is not None:
        done = {fn for fn, _, _ in fired}
        stopped = next((ids[fn] for fn, _ in entered if fn not in done), None)
    error = None if raised is None else f"{type(raised).__name__}: {raised}"
    walk = replace(walk, seed=seed if raised is None or entered else None, error=error, stopped=stopped)
    return Graph(tuple(nodes), edges, tuple(steps), graph.untracked, walk)


def _captured(ids: dict[object, str], inputs: Iterable[Tensor], returned: object) -> dict[str, Tensor | None]:
    """autograd.grad(outputs, inputs): each input's gradient, on the node it would have reached."""
    inputs = list(inputs)
    if not inputs or not isinstance(returned, tuple):
        return {}
    found = {}
    for tensor, grad in zip(inputs, returned, strict=False):
        node = root_of(tensor) if tensor.requires_grad else None
        if node is not None and node in ids and isinstance(grad, Tensor):
            found[ids[node]] = grad.detach().clone()
    return found
