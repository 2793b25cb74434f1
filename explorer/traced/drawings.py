"""The plots a snippet drew with `matplotlib.pyplot`, as a record of plain data: figures in the order the snippet
made them, each with its axes (a place in a grid of subplots, titles, labels, grid, legend, limits) and the marks
drawn on them (lines, points, bars, a histogram's counts, an image), every number a float. No matplotlib runs:
the snippet door fills this record (explorer/snippet/perform_plt.py) and a view draws it
(explorer/draw/plt_figures.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from explorer.traced.wire import number

KINDS = ("plot", "scatter", "bar", "hist", "imshow")
# matplotlib's default colour cycle ('C0' ... 'C9', the tab10 colours)
CYCLE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
# The names the record keeps as matplotlib writes them, each with what it is in Plotly: markers, line styles,
# colormaps (each also reversed, with "_r")
MARKERS = {
    ".": "circle", ",": "circle", "o": "circle", "v": "triangle-down", "^": "triangle-up", "<": "triangle-left",
    ">": "triangle-right", "1": "y-down-open", "2": "y-up-open", "3": "y-left-open", "4": "y-right-open",
    "8": "octagon", "s": "square", "p": "pentagon", "*": "star", "h": "hexagon", "H": "hexagon2",
    "+": "cross-thin-open", "x": "x-thin-open", "D": "diamond", "d": "diamond-tall", "|": "line-ns-open",
    "_": "line-ew-open", "P": "cross", "X": "x",
}  # fmt: skip
DASHES = {"-": "solid", "--": "dash", "-.": "dashdot", ":": "dot"}
COLORMAPS = {
    "viridis": "viridis", "plasma": "plasma", "inferno": "inferno", "magma": "magma", "cividis": "cividis",
    "turbo": "turbo", "gray": "gray", "grey": "gray", "Greys": "greys", "binary": "greys", "hot": "hot",
    "jet": "jet", "rainbow": "rainbow", "hsv": "hsv", "twilight": "twilight", "coolwarm": "rdbu_r",
    "bwr": "bluered", "seismic": "rdbu_r", "RdBu": "rdbu", "RdYlBu": "rdylbu", "RdYlGn": "rdylgn",
    "Spectral": "spectral", "PiYG": "piyg", "PRGn": "prgn", "BrBG": "brbg", "PuOr": "puor", "RdGy": "rdgy",
    "Blues": "blues", "Reds": "reds", "Greens": "greens", "Oranges": "oranges", "Purples": "purples",
    "YlGn": "ylgn", "YlGnBu": "ylgnbu", "YlOrBr": "ylorbr", "YlOrRd": "ylorrd", "BuGn": "bugn", "BuPu": "bupu",
    "GnBu": "gnbu", "OrRd": "orrd", "PuBu": "pubu", "PuBuGn": "pubugn", "PuRd": "purd", "RdPu": "rdpu",
}  # fmt: skip


def colorscale(cmap: str | None) -> str:
    """Plotly's colour scale for one of matplotlib's colormaps (viridis, matplotlib's default, for None)."""
    name = cmap or "viridis"
    reverse = name.endswith("_r") and name[:-2] in COLORMAPS
    scale = COLORMAPS.get(name[:-2] if reverse else name, "viridis")
    if reverse:
        scale = scale[:-2] if scale.endswith("_r") else scale + "_r"
    return scale


@dataclass
class Mark:
    """One thing drawn on an axes: `plot` and `scatter` are points (x, y); `bar` bars centred at x, heights y,
    widths `width`; `hist` the bin edges x and the counts y (one fewer); `imshow` an image, `z` its rows from the
    top, each a list of values or of [r, g, b] in 0..255."""

    kind: str
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    z: list = field(default_factory=list)
    width: list[float] = field(default_factory=list)
    label: str | None = None  # shown in the legend (when the axes has one)
    fmt: str = ""  # the format string as written: 'r--', 'o'
    color: str | None = None  # a CSS colour ('#1f77b4', 'red', 'rgba(255,0,0,0.5)'), resolved as matplotlib does
    linestyle: str = ""  # '-', '--', '-.', ':' or '' (no line)
    marker: str = ""  # matplotlib's marker: 'o', '.', 's', '^', 'x' ... or '' (none)
    linewidth: float | None = None  # points
    markersize: float | None = None  # points across (scatter: from s, which is an area)
    alpha: float | None = None
    sizes: list[float] = field(default_factory=list)  # scatter: each point's size across, in points
    values: list[float] = field(default_factory=list)  # scatter c=: a number per point, coloured by cmap
    cmap: str | None = None  # matplotlib's colormap name (imshow, scatter with c=)
    vmin: float | None = None
    vmax: float | None = None
    origin: str = "upper"  # imshow: row 0 at the top ('upper') or at the bottom ('lower')

    def data(self) -> dict:
        found = asdict(self)
        for name in ("x", "y", "width", "sizes", "values"):
            found[name] = [number(v) for v in found[name]]
        found["z"] = _listed(found["z"])
        for name in ("linewidth", "markersize", "alpha", "vmin", "vmax"):
            found[name] = number(found[name])
        return found

    @staticmethod
    def from_data(data: dict) -> Mark:
        if data["kind"] not in KINDS:
            raise ValueError(f"not a kind of mark: {data['kind']!r}")
        found = {f.name: data[f.name] for f in fields(Mark)}
        for name in ("x", "y", "width", "sizes", "values"):
            found[name] = [_float(v) for v in found[name]]
        found["z"] = _unlisted(found["z"])
        for name in ("linewidth", "markersize", "alpha", "vmin", "vmax"):
            found[name] = None if found[name] is None else _float(found[name])
        for name in ("kind", "fmt", "linestyle", "marker", "origin"):
            found[name] = str(found[name])
        for name in ("label", "color", "cmap"):
            found[name] = None if found[name] is None else str(found[name])
        return Mark(**found)


@dataclass
class Axes:
    """One axes: its place in its figure's grid (row and column from 0, of rows × cols), what was set on it and
    what was drawn on it, in order."""

    rows: int = 1
    cols: int = 1
    row: int = 0
    col: int = 0
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    grid: str = ""  # "" (none), "both", "x" or "y"
    legend: bool = False  # legend() was called: the marks with labels are listed
    xlim: list[float] | None = None  # [left, right] as set
    ylim: list[float] | None = None
    xscale: str = "linear"  # or "log"
    yscale: str = "linear"
    axis_off: bool = False  # axis('off')
    equal: bool = False  # axis('equal'), and every imshow
    colorbar: bool = False
    marks: list[Mark] = field(default_factory=list)

    def data(self) -> dict:
        found = {f.name: getattr(self, f.name) for f in fields(Axes) if f.name != "marks"}
        for name in ("xlim", "ylim"):
            found[name] = None if found[name] is None else [number(v) for v in found[name]]
        return {**found, "marks": [m.data() for m in self.marks]}

    @staticmethod
    def from_data(data: dict) -> Axes:
        limits = {n: None if data[n] is None else [_float(v) for v in data[n]] for n in ("xlim", "ylim")}
        return Axes(int(data["rows"]), int(data["cols"]), int(data["row"]), int(data["col"]), str(data["title"]),
                    str(data["xlabel"]), str(data["ylabel"]), str(data["grid"]), bool(data["legend"]),
                    limits["xlim"], limits["ylim"], str(data["xscale"]), str(data["yscale"]), bool(data["axis_off"]),
                    bool(data["equal"]), bool(data["colorbar"]),
                    [Mark.from_data(m) for m in data["marks"]])  # fmt: skip


@dataclass
class Figure:
    """One figure: matplotlib's number for it, its size in inches, its suptitle and its axes in the order made."""

    number: int = 1
    size: tuple[float, float] = (6.4, 4.8)
    suptitle: str = ""
    axes: list[Axes] = field(default_factory=list)

    def data(self) -> dict:
        return {"number": self.number, "size": list(self.size), "suptitle": self.suptitle,
                "axes": [a.data() for a in self.axes]}  # fmt: skip

    @staticmethod
    def from_data(data: dict) -> Figure:
        width, height = (float(s) for s in data["size"])
        return Figure(int(data["number"]), (width, height), str(data["suptitle"]),
                      [Axes.from_data(a) for a in data["axes"]])  # fmt: skip


def _float(value: object) -> float:
    return float(value)  # type: ignore[arg-type]  # "nan", "inf" and "-inf" too (wire.number wrote them so)


def _listed(values: object) -> object:
    return [_listed(v) for v in values] if isinstance(values, list) else number(values)  # type: ignore[arg-type]


def _unlisted(values: object) -> object:
    return [_unlisted(v) for v in values] if isinstance(values, list) else _float(values)
