"""The Jacobian of a snippet's vector, and backward(gradient=v) as the vector-Jacobian product vᵀJ.

backward() with no argument starts from d(out)/d(out) = 1, which exists only for a scalar. For a
vector y it needs the v of vᵀJ: y.backward(gradient=v) adds vᵀJ to each leaf's .grad, and
y.sum().backward() is the case v = ones. Here J is computed row by row on the graph the snippet
recorded, one autograd.grad call per element of y (as torch.autograd.functional.jacobian does in
reverse mode), and vᵀJ both ways: from J, and as PyTorch's backward produced it.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from explorer.traced.capture import node_of

MAX_ROWS = 64  # elements of the vector: one backward pass each
MAX_COLUMNS = 1_000  # elements of a leaf that gets its block of J (a larger one is left out)


@dataclass(frozen=True)
class Jacobian:
    name: str  # the vector's variable
    rows: dict[str, torch.Tensor]  # leaf name -> J, shape (numel of the vector, numel of the leaf)
    v: torch.Tensor | None = None  # the gradient= of the backward() call, flattened (ones for .sum())
    by_backward: dict[str, torch.Tensor] | None = None  # what that call added to each leaf's .grad, flattened

    def vjp(self) -> dict[str, torch.Tensor]:
        """vᵀJ from the matrix, per leaf."""
        assert self.v is not None
        return {name: self.v @ j for name, j in self.rows.items()}

    def compared(self) -> list[tuple[str, torch.Tensor, torch.Tensor | None, float | None]]:
        """Per leaf: vᵀJ from the matrix, what backward(gradient=v) added to .grad, and the largest gap."""
        found = []
        for leaf, from_matrix in self.vjp().items():
            from_backward = (self.by_backward or {}).get(leaf)
            gap = float((from_matrix - from_backward).abs().max()) if isinstance(from_backward, torch.Tensor) else None
            found.append((leaf, from_matrix, from_backward, gap))
        return found


def jacobian(name: str, output: torch.Tensor, leaves: dict[str, torch.Tensor]) -> Jacobian | None:
    """J of `output` with respect to each leaf it depends on; None if it has no graph or too many elements.
    The graph is kept (retain_graph=True), so the snippet's own backward() can still run after this."""
    if node_of(output) is None or not 1 <= output.numel() <= MAX_ROWS:
        return None
    used = {n: t for n, t in leaves.items() if t.requires_grad and t.numel() <= MAX_COLUMNS}
    if not used:
        return None
    flat = output.reshape(-1)
    rows: dict[str, list[torch.Tensor]] = {n: [] for n in used}
    for i in range(flat.numel()):
        grads = torch.autograd.grad(flat[i], list(used.values()), retain_graph=True, allow_unused=True)
        for (n, leaf), g in zip(used.items(), grads, strict=True):
            rows[n].append(torch.zeros(leaf.numel(), dtype=leaf.dtype) if g is None else g.reshape(-1).detach())
    return Jacobian(name, {n: torch.stack(r) for n, r in rows.items() if any(bool(x.any()) for x in r)})


def with_backward(found: Jacobian, v: torch.Tensor | None, before: dict[str, torch.Tensor | None],
                  leaves: dict[str, torch.Tensor], size: int) -> Jacobian:  # fmt: skip
    """The same Jacobian with the backward() call that followed: its v and what it added to each .grad."""
    vector = torch.ones(size) if v is None else v.detach().reshape(-1).to(next(iter(found.rows.values())).dtype)
    added = {}
    for n in found.rows:
        after = leaves[n].grad
        start = before.get(n)
        if after is not None:
            added[n] = (after - (0 if start is None else start)).detach().reshape(-1)
    return Jacobian(found.name, found.rows, vector, added)
