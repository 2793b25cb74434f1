"""What each node of a drawn graph says: its op, names and shape, its value, and what the walk did there.

A gradient is written only where a walk computed it: no walk, no gradient (a leaf's .grad from an earlier
backward() says where it came from). A leaf shows its .grad before and after the walk (`.grad 12 → 18`), since
PyTorch adds to .grad. What is not known is left out, not written as `?`.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.draw.layout import Fold
from explorer.i18n import t
from explorer.traced.graph import LEAF, TENSOR, Graph, GraphNode
from explorer.traced.shapes import Reshaped
from explorer.traced.text import shape_text, short


@dataclass(frozen=True)
class Labeling:
    """How the nodes of one drawing are labelled."""

    numbers: bool
    saved: bool
    compact: bool
    lang: str = "en"

    @property
    def digits(self) -> int:
        return 3 if self.compact else 4


def reshape_note(reshaped: Reshaped | None, lang: str = "en") -> str:
    """`summed over dim 0: (5, 2) → (2,)`: what the node did to the gradient's shape on an edge."""
    if reshaped is None:
        return ""
    dims = ", ".join(str(d) for d in reshaped.dims)
    key = {"summed": "shape.summed", "spread": "shape.spread", "reshaped": "shape.reshaped"}[reshaped.kind]
    return t(key, lang, dims=dims, source=shape_text(reshaped.source), target=shape_text(reshaped.target))


def fold_label(fold: Fold, lang: str = "en") -> str:
    """`⋮ 646 more × (Tanh → Add → Mul)`: a run of one loop body, drawn as one box."""
    ops = " → ".join(op.removesuffix("Backward0") for op in fold.ops)
    return t("graph.folded", lang, count=fold.count, ops=ops)


def written(value: object, digits: int = 4, lang: str = "en") -> str:
    """`short(value)` in the page's language: `(5, 2) in [-1.2, 0.8]` has its `in` translated."""
    text = short(value, digits)
    return text.replace(" in [", f" {t('graph.in', lang)} [", 1) if lang != "en" else text


def _number(value: object, digits: int, lang: str) -> str:
    """A value next to its shape line: `= [1, -2]` when small, `in [-1.2, 0.8]` when large."""
    text = written(value, digits, lang)
    shape = getattr(value, "shape", ())
    marker = f" {t('graph.in', lang)} ["
    return text.removeprefix(shape_text(tuple(shape))).strip() if shape and marker in text else f"= {text}"


def shaped(value: object, digits: int = 4, lang: str = "en") -> str:
    """A value with its shape, for the stepper: `6.182`, `(2,) = [5, 5]`, `(5, 2) in [-0.4, 0.2]`."""
    text = written(value, digits, lang)
    shape = tuple(getattr(value, "shape", ()))
    return f"{shape_text(shape)} = {text}" if shape and f" {t('graph.in', lang)} [" not in text else text


def held_change(before: object, after: object, digits: int = 4, lang: str = "en") -> str:
    """`.grad 12 → 18`, or `.grad = 6` when the leaf held none before."""
    if before is None:
        return f".grad {_number(after, digits, lang)}" if after is not None else ".grad = None"
    return f".grad {written(before, digits, lang)} → {written(after, digits, lang)}"


def _leaf_lines(graph: Graph, node: GraphNode, reached: bool, how: Labeling) -> list[str]:
    walk, digits, lang = graph.walk, how.digits, how.lang
    if walk is None:  # no walk: the .grad it holds now, and what put it there
        if node.held is None:
            return [".grad = None"]
        source = "graph.held_code" if node.held_from == "code" else "graph.held_earlier"
        return [f".grad {_number(node.held, digits, lang)}", t(source, lang)]
    if walk.kind == "grad":  # autograd.grad returns the gradient and leaves .grad alone
        lines = [f"{t('graph.grad', lang)} {_number(node.grad, digits, lang)}"] if reached and node.grad is not None \
            else []  # fmt: skip
        return [*lines, f".grad {_number(node.held, digits, lang)}" if node.held is not None else ".grad = None"]
    if walk.part_of is not None and reached and node.grad is not None:  # this part's share, then the whole walk's
        whole = held_change(node.held_before, node.held, digits, lang)
        return [f"{t('graph.grad', lang)} {_number(node.grad, digits, lang)}", f"{whole} {t('graph.whole_walk', lang)}"]
    if reached and node.grad is not None:
        return [held_change(node.held_before, node.held, digits, lang)]
    start = node.held_before
    return [f".grad {_number(start, digits, lang)}" if start is not None else ".grad = None"]


def label(graph: Graph, node: GraphNode, how: Labeling, reached: bool) -> str:
    """The node's label; `reached`: the walk (so far, in the stepper) has run this node."""
    lang, digits = how.lang, how.digits
    value = t("graph.value", lang)
    if node.op == TENSOR:  # requires_grad off: a plain tensor, which PyTorch's graph does not contain
        lines = [node.variable or "", shape_text(node.shape) if node.shape else ""]
        if how.numbers:
            lines += [f"{value} {_number(node.value, digits, lang)}", ".grad = None"]
        lines.append("requires_grad=False")
    elif node.op == LEAF:
        named = node.variable or ""  # a leaf no variable holds is called by PyTorch's node, even when compact
        lines = [named, "" if how.compact and named else LEAF, shape_text(node.shape) if node.shape else ""]
        if how.numbers:
            lines += [f"{value} {_number(node.value, digits, lang)}"] if node.value is not None else []
            lines += _leaf_lines(graph, node, reached, how)
        if not node.requires_grad or not how.compact:
            lines.append(f"requires_grad={node.requires_grad}")
    else:
        op = node.op.removesuffix("Backward0") if how.compact else node.op
        lines = [op, node.name or "", shape_text(node.shape) if node.shape else ""]
        if how.numbers:
            lines += [f"{value} {_number(node.value, digits, lang)}"] if node.value is not None else []
            if graph.walk is not None and reached and node.grad is not None:
                lines.append(f"{t('graph.grad', lang)} {_number(node.grad, digits, lang)}")
    if how.saved and not how.compact:
        lines += [f"{name} = {text}" for name, text in node.saved if text != "freed"]
    return "\\n".join(line for line in lines if line)
