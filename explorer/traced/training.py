"""A snippet's training as a record, plain numbers only: at every optimizer.step(), the loss of the backward()
that came before it, one element of each parameter before and after the step, and the size of the .grad the step
used; and the loss along one element of a leaf (Along). The snippet door records them; the figures read them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Training:
    names: list[str] = field(default_factory=list)  # the parameters, by their names in the snippet
    shapes: dict[str, list[int]] = field(default_factory=dict)
    followed: dict[str, int] = field(default_factory=dict)  # parameter -> the flat index of the element recorded
    before: list[dict[str, float]] = field(default_factory=list)  # that element before each step
    after: list[dict[str, float]] = field(default_factory=list)  # ... and after it
    grad_norms: list[dict[str, float | None]] = field(default_factory=list)  # |.grad| each step used
    losses: list[float | None] = field(default_factory=list)  # the loss of the backward() before each step

    @property
    def steps(self) -> int:
        return len(self.before)

    def piling(self, parameter: str) -> bool:
        """Did every step use a larger .grad than the one before, ending over twice the first? The sign of a
        forgotten zero_grad(): backward() adds to .grad, so each step's gradient holds all the earlier ones."""
        norms = [n.get(parameter) for n in self.grad_norms if n.get(parameter) is not None]
        rising = all(b > a for a, b in zip(norms, norms[1:], strict=False))  # type: ignore[operator]
        return len(norms) > 2 and rising and norms[-1] > 2 * norms[0]  # type: ignore[operator]

    def data(self) -> dict:
        return {"names": self.names, "shapes": self.shapes, "followed": self.followed, "before": self.before,
                "after": self.after, "grad_norms": self.grad_norms, "losses": self.losses}  # fmt: skip

    @staticmethod
    def from_data(data: dict) -> Training:
        shapes = {str(k): [int(s) for s in v] for k, v in data["shapes"].items()}
        return Training([str(n) for n in data["names"]], shapes,
                        {str(k): int(v) for k, v in data["followed"].items()}, data["before"], data["after"],
                        data["grad_norms"], data["losses"])  # fmt: skip


def index_text(shape: list[int] | tuple[int, ...], flat: int) -> str:
    """A flat element index written as PyTorch indexes it: `[0, 2]` for element 2 of a (1, 3) weight."""
    if not shape:
        return ""
    index = []
    for size in reversed(shape):
        index.append(flat % size if size else 0)
        flat = flat // size if size else 0
    return "[" + ", ".join(str(i) for i in reversed(index)) + "]"


@dataclass
class Along:
    leaf: str
    index: int
    offsets: list[float] = field(default_factory=list)
    losses: list[float | None] = field(default_factory=list)  # the first backward()'s loss at each offset
    slope: float | None = None  # d loss / d leaf[index], from that backward()
    problem: str | None = None  # "no_loss", "no_leaf" or "heavy"
    seconds: float = 0.0  # one run's time

    def data(self) -> dict:
        return asdict(self)
