"""The tutorial's examples, each with the point it uses and what its printout shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.i18n import Message, t


@dataclass(frozen=True)
class Preset:
    label: str
    formula: str
    point: dict[str, float]
    prints: tuple[str, ...]  # the tutorial's printed gradients, in variable order
    note: str
    label_key: str = ""  # catalog keys (explorer.i18n) of the label and the note, for other languages
    note_key: str = ""

    @property
    def said_label(self) -> Message:
        return Message(self.label_key) if self.label_key else Message(None, {}, self.label)

    @property
    def said_note(self) -> Message:
        return Message(self.note_key) if self.note_key else Message(None, {}, self.note)


def _preset(label_key: str, formula: str, point: dict[str, float], prints: tuple[str, ...], note_key: str) -> Preset:
    """A preset whose label and note are the catalog's English (the label also names its button's key)."""
    return Preset(t(label_key), formula, point, prints, t(note_key), label_key, note_key)


PRESETS: tuple[Preset, ...] = (
    _preset("preset.first_graph", "w*x + b", {"w": 2.0, "x": 1.0, "b": 3.0},
            ("tensor(1.)", "tensor(2.)", "tensor(1.)"), "preset.first_graph.note"),
    _preset("preset.example1", "x^2", {"x": 2.0}, ("tensor(4.)",), "preset.example1.note"),
    _preset("preset.example2", "exp(x)", {"x": 2.0}, ("tensor(7.3891)",), "preset.example2.note"),
    _preset("preset.example3", "sin(x)", {"x": math.pi}, ("tensor(-1.)",), "preset.example3.note"),
    _preset("preset.example4", "(x-4)*(x^2+6)", {"x": 0.0}, ("tensor(6.)",), "preset.example4.note"),
    _preset("preset.example5", "(sqrt(x)+1)^3", {"x": 2.0}, ("tensor(6.1820)",), "preset.example5.note"),
    _preset("preset.example6", "(x+2*y)^2", {"x": 1.0, "y": 2.0}, ("tensor(10.)", "tensor(20.)"),
            "preset.example6.note"),
)  # fmt: skip
