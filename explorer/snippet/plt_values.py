"""What a snippet's pyplot calls return and draw on (a figure, an axes, an artist such as a line or a text), and
the run's pyplot state: the figures made, the current one, and the ones shown, in order.

Each figure and axes holds its record (explorer/traced/drawings.py) and fills it; the values show themselves as
matplotlib's do (`<Figure size 640x480 with 1 Axes>`, `[<matplotlib.lines.Line2D object at 0x...>]`), with made-up
addresses counted from one number, so that a run prints the same every time. Drawing is counted first: figures
made in a run, and the numbers drawn in one figure, against the limits (explorer/snippet/limits.py)."""

from __future__ import annotations

from explorer.traced.drawings import Axes, Figure

from .limits import Budget
from .values import Kinded

ADDRESS = 0x7F3A2C5E0000  # where the made-up addresses start
DPI = 100  # matplotlib's default: a 6.4 × 4.8 inch figure is 640 × 480 pixels
SHOWN_TEXT = 40  # characters of a title or label an axes' repr shows


def _short(text: str) -> str:
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


class Artist(Kinded):
    """A line, a collection of points, bars, an image, a text or a legend: drawn, shown, and otherwise inert."""

    kind = "artist"

    def __init__(self, module: str, name: str, address: int, text: str | None = None, axes: AxesValue | None = None):
        self.module, self.name, self.address, self.text, self.axes = module, name, address, text, axes

    @property
    def python_type(self) -> str:  # type: ignore[override]
        return self.name

    def __repr__(self) -> str:
        return self.text if self.text is not None else f"<{self.module}.{self.name} object at {self.address:#x}>"


class AxesValue(Kinded):
    kind, python_type = "axes", "Axes"

    def __init__(self, figure: FigureValue, record: Axes):
        self.figure, self.record = figure, record
        self.lines = 0  # the colour cycle of plot() and hist(): the next colour's number
        self.patches = 0  # ... and of scatter() and bar()
        self.image: Artist | None = None  # the last imshow (what colorbar() shows the scale of)

    def __repr__(self) -> str:
        a = self.record
        parts = [f"title={{'center': {_short(a.title)!r}}}"] if a.title else []
        parts += [f"{n}={_short(v)!r}" for n, v in (("xlabel", a.xlabel), ("ylabel", a.ylabel)) if v]
        return f"<Axes: {', '.join(parts)}>"

    def __str__(self) -> str:
        """matplotlib's str of an axes: its place in the figure (left, bottom; width x height), as fractions."""
        a = self.record
        width = (0.9 - 0.125) / (a.cols + 0.2 * (a.cols - 1))
        height = (0.88 - 0.11) / (a.rows + 0.2 * (a.rows - 1))
        left, bottom = 0.125 + a.col * 1.2 * width, 0.88 - (a.row + 1) * height - a.row * 0.2 * height
        return f"Axes({left:.6g},{bottom:.6g};{width:.6g}x{height:.6g})"


class FigureValue(Kinded):
    kind, python_type = "figure", "Figure"

    def __init__(self, record: Figure):
        self.record = record
        self.axes: list[AxesValue] = []
        self.current: AxesValue | None = None
        self.points = 0  # numbers drawn in it so far

    def __repr__(self) -> str:
        width, height = (round(s * DPI) for s in self.record.size)
        return f"<Figure size {width}x{height} with {len(self.axes)} Axes>"

    def __str__(self) -> str:
        width, height = (round(s * DPI) for s in self.record.size)
        return f"Figure({width}x{height})"

    def subplot(self, budget: Budget, rows: int, cols: int, index: int) -> AxesValue:
        """The axes at `index` (from 1) of a rows × cols grid: the one already there, else a new one; current."""
        row, col = divmod(index - 1, cols)
        for axes in self.axes:
            if (axes.record.rows, axes.record.cols, axes.record.row, axes.record.col) == (rows, cols, row, col):
                self.current = axes
                return axes
        if len(self.axes) + 1 > budget.limits.axes:
            raise budget.over("axes", f"{len(self.axes) + 1:,}")
        self.current = AxesValue(self, Axes(rows, cols, row, col))
        self.axes.append(self.current)
        self.record.axes.append(self.current.record)
        return self.current

    def drawing(self, budget: Budget, numbers: int) -> None:
        """Before `numbers` more numbers are drawn in this figure: within the limit on one figure and the
        snippet's elements (they are copied into the record)."""
        if self.points + numbers > budget.limits.points:
            raise budget.over("points", f"{self.points + numbers:,}")
        budget.elements(numbers)
        self.points += numbers


class Pyplot:
    """One run's pyplot: the figures made (in order), the open ones, the current one, the ones shown."""

    def __init__(self) -> None:
        self.made: list[FigureValue] = []
        self.open: list[FigureValue] = []
        self.current: FigureValue | None = None
        self.shown: list[FigureValue] = []
        self.artists = 0

    def figure(self, budget: Budget, number: int | None = None, size: tuple[float, float] | None = None):
        """plt.figure(): the open figure of that number (made current), or a new one."""
        for found in self.open:
            if number is not None and found.record.number == number:
                self.current = found
                return found
        if len(self.made) + 1 > budget.limits.figures:
            raise budget.over("figures", f"{len(self.made) + 1:,}")
        if number is None:
            number = max((f.record.number for f in self.open), default=0) + 1
        made = FigureValue(Figure(number, size or (6.4, 4.8)))
        self.made.append(made)
        self.open.append(made)
        self.current = made
        return made

    def gcf(self, budget: Budget) -> FigureValue:
        return self.current if self.current is not None else self.figure(budget)

    def gca(self, budget: Budget) -> AxesValue:
        figure = self.gcf(budget)
        return figure.current if figure.current is not None else figure.subplot(budget, 1, 1, 1)

    def close(self, figure: FigureValue | None = None) -> None:
        """Closed without being shown: a script would never show it (nor does the page)."""
        closing = list(self.open) if figure is None else [figure]
        self.open = [f for f in self.open if f not in closing]
        if self.current in closing:
            self.current = self.open[-1] if self.open else None

    def show(self) -> None:
        """Every open figure shown, in the order made, then closed (as a script's plt.show() returns)."""
        self.shown.extend(self.open)
        self.open, self.current = [], None

    def artist(self, module: str, name: str, text: str | None = None, axes: AxesValue | None = None) -> Artist:
        self.artists += 1
        return Artist(module, name, ADDRESS + 0x50 * self.artists, text, axes)

    def drawings(self) -> list[Figure]:
        """What the page shows: the figures shown, then those still open at the end (a notebook shows those),
        each with at least one axes."""
        return [f.record for f in [*self.shown, *self.open] if f.record.axes]
