"""The lab's settings (LabConfig) and their bounds (LIMITS, MAX_LR, OPTIMIZERS): checked, never clipped,
a LabError naming the setting out of bounds."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from explorer.i18n import MESSAGES, Message, Mistake

OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
# Bounds that keep every request small: at most 1,000 × 100 inputs and 100 × 100 weights.
LIMITS = {"batch": 1000, "inputs": 100, "outputs": 100, "steps": 1000}
MAX_LR = 10.0


class LabError(Mistake):
    """A lab setting out of bounds: says which and what is allowed. `message` is a catalog key of
    `explorer.i18n` with its `params` (or plain English text)."""

    def __init__(self, message: str, **params: object):
        self.code = message if message in MESSAGES["en"] else None
        self.params = params
        self.text = message
        super().__init__(Message.of(message, **params))


def _whole(value: float) -> bool:
    return math.isfinite(value) and float(value).is_integer()


# The catalog key of the message for each bounded setting.
_LIMIT_MESSAGES = {"batch": "lab_error.batch", "inputs": "lab_error.inputs", "outputs": "lab_error.outputs",
                   "steps": "lab_error.steps"}  # fmt: skip


@dataclass(frozen=True)
class LabConfig:
    seed: int = 0
    batch: int = 5
    inputs: int = 3
    outputs: int = 2
    lr: float = 0.01
    optimizer: str = "sgd"
    steps: int = 1
    zero_grad: bool = True
    freeze_weight: bool = False

    def check(self) -> LabConfig:
        """The settings as whole numbers where they must be, or a LabError saying which is out of bounds.

        Settings may arrive as floats from the page's number fields: 2.5 inputs or a seed of 1e+20 is
        refused with its value named, never rounded or clipped in silence."""
        for name, bound in LIMITS.items():
            value = getattr(self, name)
            if not (_whole(value) and 1 <= value <= bound):
                raise LabError(_LIMIT_MESSAGES[name], bound=f"{bound:,}", value=f"{value:g}")
        if not (math.isfinite(self.lr) and 0 < self.lr <= MAX_LR):
            raise LabError("lab_error.lr", limit=f"{MAX_LR:g}", value=f"{self.lr:g}")
        if self.optimizer not in OPTIMIZERS:
            raise LabError("lab_error.optimizer", options=", ".join(OPTIMIZERS), value=repr(self.optimizer))
        if not (_whole(self.seed) and 0 <= self.seed < 2**63):
            raise LabError("lab_error.seed", value=f"{self.seed:g}" if isinstance(self.seed, float) else self.seed)
        return replace(self, **{name: int(getattr(self, name)) for name in ("seed", *LIMITS)})
