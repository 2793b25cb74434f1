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


EXAMPLES: tuple[Example, ...] = (
    Example("tutorial_imports.py", "example.tutorial_imports"),
    Example("tutorial_first_graph.py", "example.tutorial_first_graph"),
    Example("tutorial_example1.py", "example.tutorial_example1"),
    Example("tutorial_example2.py", "example.tutorial_example2"),
    Example("tutorial_example3.py", "example.tutorial_example3"),
    Example("tutorial_example4.py", "example.tutorial_example4"),
    Example("tutorial_example5.py", "example.tutorial_example5"),
    Example("tutorial_example6.py", "example.tutorial_example6"),
    Example("tutorial_loss.py", "example.tutorial_loss"),
    Example("non_scalar_backward.py", "example.non_scalar_backward"),
    Example("non_scalar_fixes.py", "example.non_scalar_fixes"),
    Example("retain_grad.py", "example.retain_grad"),
    Example("inplace_saved.py", "example.inplace_saved"),
    Example("inplace_leaf.py", "example.inplace_leaf"),
    Example("integer_requires_grad.py", "example.integer_requires_grad"),
    Example("detach_and_no_grad.py", "example.detach_and_no_grad"),
    Example("backward_twice.py", "example.backward_twice"),
    Example("piling_up.py", "example.piling_up"),
    Example("broadcast_bias.py", "example.broadcast_bias"),
    Example("mlp_adam.py", "example.mlp_adam"),
    Example("rnn_loop.py", "example.rnn_loop"),
)
FIRST_EXAMPLE = EXAMPLES[8]  # the tutorial's loss: nn.Linear, MSELoss, backward, SGD
