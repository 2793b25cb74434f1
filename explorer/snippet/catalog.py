"""The example snippets the code page offers: every code block of the tutorial (verbatim, after its import
cell, as a notebook runs them) and the classic lessons and mistakes of autograd."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Example:
    file: str  # in explorer/snippet/examples/
    label: str  # catalog key of its button

    @property
    def source(self) -> str:
        return resources.files(__package__).joinpath("examples", self.file).read_text(encoding="utf-8")


EXAMPLES: tuple[Example, ...] = tuple(Example(f"{name}.py", f"example.{name}") for name in (
    "tutorial_imports", "tutorial_first_graph", "tutorial_example1", "tutorial_example2", "tutorial_example3",
    "tutorial_example4", "tutorial_example5", "tutorial_example6", "tutorial_loss",
    "non_scalar_backward", "non_scalar_fixes", "retain_grad", "inplace_saved", "inplace_leaf",
    "integer_requires_grad", "detach_and_no_grad", "backward_twice", "piling_up", "broadcast_bias", "mlp_adam",
))  # fmt: skip
DEFAULT = EXAMPLES[8]  # the tutorial's loss: nn.Linear, MSELoss, backward, SGD
