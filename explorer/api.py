"""The graph behind any tensor of your own PyTorch code, where you work: a notebook or a script.

    import explorer
    loss = F.mse_loss(model(x), y)
    explorer.show(loss, names=model)           # before backward(): ops, values, shapes, saved tensors
    drawing = explorer.backward(loss, names=model)   # runs loss.backward(), watching every node
    drawing                                    # in Jupyter: the drawing itself (SVG)
    drawing.save("graph.svg")                  # or .dot, .json; drawing.dot, drawing.data()

The drawing is the page's: PyTorch's own graph (`grad_fn.next_functions`), the value and the
gradient at each node, the order the engine ran them, what each node saved for backward, the
names you gave, repeated loop bodies folded. The SVG is made without a system Graphviz.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import torch

from explorer.draw.dot import drawing_svg, to_dot
from explorer.traced.capture import autograd_graph, node_of
from explorer.traced.graph import Graph, Walk
from explorer.traced.watch import seed_of, watch
from explorer.traced.wire import graph_json

Names = Mapping[str, torch.Tensor] | torch.nn.Module | None


@dataclass(frozen=True)
class Drawing:
    """A recorded graph, drawn: `dot` (Graphviz source), `svg()`, `save(path)`, `data()` (plain data)."""

    graph: Graph
    output: str  # the name the drawing gives the tensor it starts from

    @property
    def dot(self) -> str:
        return to_dot(self.graph, self.output, numbers=True, saved=True, fold=True)

    def svg(self) -> str:
        """The drawing as SVG text (Graphviz in WebAssembly), as the page's download makes it."""
        return drawing_svg(self.graph, self.output, numbers=True, saved=True, fold=True).decode("utf-8")

    def _repr_svg_(self) -> str:  # Jupyter shows the drawing
        return self.svg()

    def data(self) -> dict:
        """Nodes, edges and the engine's order as plain data, as `python -m explorer run --json` writes them."""
        return graph_json(self.graph)

    def save(self, path: str | Path) -> Path:
        """Write the drawing: .svg, .dot (Graphviz source) or .json (`data()`), by the file's suffix."""
        path = Path(path)
        writers = {".svg": self.svg, ".dot": lambda: self.dot, ".json": lambda: json.dumps(self.data(), indent=1)}
        if path.suffix not in writers:
            raise ValueError(f"save to a .svg, .dot or .json file, not {path.name!r}")
        path.write_text(writers[path.suffix](), encoding="utf-8")
        return path


def _named(names: Names) -> tuple[dict[str, torch.Tensor], dict[object, str]]:
    """Leaves by name (a module gives its parameters' dotted names), and names of other results by node."""
    if isinstance(names, torch.nn.Module):
        names = dict(names.named_parameters())
    leaves: dict[str, torch.Tensor] = {}
    results: dict[object, str] = {}
    for name, tensor in (names or {}).items():
        if not isinstance(tensor, torch.Tensor):
            raise TypeError(f"names[{name!r}] is a {type(tensor).__name__}, not a tensor")
        node = node_of(tensor)
        if node is not None:
            results[node] = name
        else:
            leaves[name] = tensor
    return leaves, results


def _values(tensor: torch.Tensor, names: Names) -> list[tuple[None, torch.Tensor]]:
    """The forward values known: the tensor drawn from, and any named result."""
    named = [] if isinstance(names, torch.nn.Module) or not names else list(names.values())
    return [(None, t) for t in [tensor, *named] if isinstance(t, torch.Tensor)]


def show(tensor: torch.Tensor, names: Names = None, output: str = "output") -> Drawing:
    """The backward graph behind `tensor`, no walk: ops, values, shapes, saved tensors, and each leaf's .grad as
    it is now (put there by an earlier backward(), which the drawing says). `names`: a module (its parameters get
    their dotted names) or a dict of name -> tensor."""
    if node_of(tensor) is None and not tensor.requires_grad:
        raise ValueError("this tensor has no graph: it does not require grad and no grad_fn made it")
    leaves, results = _named(names)
    return Drawing(autograd_graph(tensor, leaves, _values(tensor, names), results), output)


def backward(tensor: torch.Tensor, names: Names = None, output: str = "loss",
             gradient: torch.Tensor | None = None, retain_graph: bool = False) -> Drawing:  # fmt: skip
    """Run `tensor.backward(gradient, retain_graph)` with a hook on every node, as your own call would
    (the leaves' .grad change as they would), and draw what flowed and in which order, from the seed (1, or
    `gradient`). PyTorch's error, if it raises, is raised here too."""
    leaves, results = _named(names)

    def run() -> None:
        tensor.backward(gradient=gradient, retain_graph=retain_graph)

    walk = Walk("backward", call=f"{output}.backward()" if gradient is None else f"{output}.backward(gradient=...)")
    graph = watch(tensor, leaves, _values(tensor, names), results, run, seed=seed_of(tensor, gradient),
                  walk=walk).checked()  # fmt: skip
    return Drawing(graph, output)
