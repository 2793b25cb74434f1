"""The snippet's own names for what is on its graph: a tensor is called by the variable it was last assigned
to (`pred`, `loss`), a module's parameters by their dotted names (`linear.weight`, `model.0.bias`)."""

from __future__ import annotations

import torch

from explorer.traced.capture import node_of

from .values import ModuleValue


def named(it) -> tuple[dict[str, torch.Tensor], dict[object, str]]:
    """Leaves by name (tensors and module parameters), and the names of non-leaf results by grad_fn, from the
    variables the code being run sees (the snippet's, and the function's it is in)."""
    leaves: dict[str, torch.Tensor] = {}
    results: dict[object, str] = {}
    names, assigned = it.visible()  # inside a function, its own names too
    for name in sorted(names, key=lambda n: assigned.get(n, -1)):  # the latest assignment wins
        value = names[name]
        if isinstance(value, ModuleValue):
            for path, parameter in value.module.named_parameters():
                leaves[f"{name}.{path}"] = parameter
        elif isinstance(value, torch.Tensor):
            if node_of(value) is not None:
                results[node_of(value)] = name
            elif value.requires_grad:
                leaves[name] = value
    return latest(leaves), results


def latest(leaves: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """One name per tensor: the last one given (x = w: the leaf is called x)."""
    by_tensor = {id(t): (name, t) for name, t in leaves.items()}
    return {name: t for name, t in by_tensor.values()}
