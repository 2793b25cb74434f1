"""What an axes draws (ax.plot, scatter, hist, imshow, bar; plt's own are these on the current axes), as matplotlib
reads its arguments: the same groups of (x, y, format), shapes, colour cycles and errors, recorded as marks
(explorer/traced/drawings.py) after the numbers are counted against the limits."""

from __future__ import annotations

import numpy as np

from explorer.traced.drawings import Mark

from . import plt_styles as style
from .limits import Refused
from .plt_data import flat, listed, numbers
from .text_costs import text_size
from .values import Array

LINE = {"color": "color", "c": "color", "linestyle": "linestyle", "ls": "linestyle", "linewidth": "linewidth",
        "lw": "linewidth", "marker": "marker", "markersize": "markersize", "ms": "markersize", "alpha": "alpha",
        "label": "label", "zorder": None, "antialiased": None}  # fmt: skip
PATCH = {"alpha": "alpha", "label": "label", "edgecolor": None, "ec": None, "linewidth": None, "lw": None,
         "zorder": None, "hatch": None, "fill": None}  # fmt: skip


def text(it, value: object) -> str:
    """A label or a title as matplotlib writes it (str of anything), its size counted first."""
    it.budget.text(text_size(value, it.budget))
    return value if isinstance(value, str) else str(value)


def _look(it, given: dict, allowed: dict, artist: str) -> dict:
    """Keyword arguments of a line or a patch, checked as matplotlib's Artist.set() checks them."""
    look: dict = {}
    for name, value in given.items():
        if name not in allowed:
            raise AttributeError(f"{artist}.set() got an unexpected keyword argument '{name}'")
        field = allowed[name]
        if field == "color":
            look[field] = style.color(value)
        elif field == "linestyle":
            look[field] = style.linestyle(value)
        elif field == "marker":
            look[field] = style.marker(value)
        elif field in ("linewidth", "markersize"):
            look[field] = style.number(value, field)
        elif field == "alpha":
            look[field] = style.alpha(value)
        elif field == "label" and value is not None:
            look[field] = text(it, value)
    return look


def _next(axes, patches: bool = False) -> str:
    """The next colour of the axes' cycle: plot() and hist() share one, scatter() and bar() another."""
    if patches:
        count, axes.patches = axes.patches, axes.patches + 1
    else:
        count, axes.lines = axes.lines, axes.lines + 1
    return style.CYCLE[count % len(style.CYCLE)]


def _groups(args: tuple) -> list[tuple[object, object, str | None]]:
    """plot(y), plot(x, y), plot(x, y, 'r--', x2, y2, 'o') ...: (x or None, y, format) each, as matplotlib splits."""
    rest, found = list(args), []
    while rest:
        this, rest = rest[:2], rest[2:]
        if rest and isinstance(rest[0], str):
            this, rest = [*this, rest[0]], rest[1:]
        written = this.pop() if len(this) > 1 and isinstance(this[-1], str) else None
        found.append((None, this[0], written) if len(this) == 1 else (this[0], this[1], written))
    return found


def plot(it, self, *args, **kwargs):
    look = _look(it, kwargs, LINE, "Line2D")
    lines = []
    for x, y, written in _groups(args):
        ys = np.atleast_1d(numbers(it, y, "y", "plt.plot"))
        xs = np.arange(ys.shape[0], dtype=np.float64) if x is None else np.atleast_1d(numbers(it, x, "x", "plt.plot"))
        if xs.shape[0] != ys.shape[0]:
            raise ValueError(f"x and y must have same first dimension, but have shapes {xs.shape} and {ys.shape}")
        if xs.ndim > 2 or ys.ndim > 2:
            raise ValueError(f"x and y can be no greater than 2D, but have shapes {xs.shape} and {ys.shape}")
        xs, ys = (v[:, None] if v.ndim == 1 else v for v in (xs, ys))  # columns: one line each
        ncx, ncy = xs.shape[1], ys.shape[1]
        if ncx > 1 and ncy > 1 and ncx != ncy:
            raise ValueError(f"x has {ncx} columns but y has {ncy} columns")
        linestyle, marker, shade = style.fmt(written) if written is not None else (None, None, None)
        columns = max(ncx, ncy) if ncx and ncy else 0
        self.figure.drawing(it.budget, 2 * xs.shape[0] * columns)
        for j in range(columns):
            mark = Mark("plot", listed(xs[:, j % ncx]), listed(ys[:, j % ncy]), fmt=written or "",
                        label=look.get("label"), linewidth=look.get("linewidth"),
                        markersize=look.get("markersize"), alpha=look.get("alpha"))  # fmt: skip
            mark.color = look.get("color") or shade or _next(self)
            mark.linestyle = look.get("linestyle", "-" if linestyle is None else linestyle)
            mark.marker = look.get("marker", marker or "")
            self.record.marks.append(mark)
            lines.append(it.pyplot.artist("matplotlib.lines", "Line2D", axes=self))
    return lines


def scatter(it, self, x, y, s=None, c=None, marker=None, cmap=None, norm=None, vmin=None, vmax=None, alpha=None,
            linewidths=None, *, edgecolors=None, color=None, **kwargs):  # fmt: skip
    look = _look(it, kwargs, PATCH, "PathCollection")
    xs, ys = flat(it, x, "x", "plt.scatter"), flat(it, y, "y", "plt.scatter")
    if xs.size != ys.size:
        raise ValueError("x and y must be the same size")
    sizes = [] if s is None or isinstance(s, (int, float)) else listed(np.sqrt(flat(it, s, "s", "plt.scatter")))
    if sizes and len(sizes) not in (1, xs.size):
        raise ValueError("s must be a scalar, or float array-like with the same size as x and y")
    if c is not None and color is not None:
        raise ValueError("Supply a 'c' argument or a 'color' kwarg but not both; they differ but their "
                         "functionalities overlap.")  # fmt: skip
    values: list = []
    shade = None if color is None else style.color(color)
    one_colour = isinstance(c, (tuple, list)) and len(c) in (3, 4) and len(c) != xs.size
    if c is not None and (isinstance(c, str) or one_colour):
        shade = style.color(c, "c")
    elif c is not None:
        values = listed(flat(it, c, "c", "plt.scatter"))
        if len(values) != xs.size:
            raise ValueError(f"'c' argument has {len(values)} elements, which is inconsistent with 'x' and 'y' with "
                             f"size {xs.size}.")  # fmt: skip
    self.figure.drawing(it.budget, 2 * xs.size + len(sizes) + len(values))
    self.record.marks.append(Mark(
        "scatter", listed(xs), listed(ys), label=look.get("label"), marker=style.marker(marker or "o"),
        color=shade or ("" if values else _next(self, patches=True)), sizes=sizes, values=values,
        markersize=float(np.sqrt(s)) if isinstance(s, (int, float)) else None, alpha=style.alpha(alpha),
        cmap=style.cmap(cmap), vmin=_bound(vmin), vmax=_bound(vmax)))  # fmt: skip
    made = it.pyplot.artist("matplotlib.collections", "PathCollection", axes=self)
    if values:
        self.image = made  # what colorbar() shows the scale of
    return made


def _bound(value: object) -> float | None:
    return None if value is None else style.number(value, "vmin and vmax")


def hist(it, self, x, bins=None, range=None, density=False, weights=None, cumulative=False, histtype="bar",
         color=None, label=None, **kwargs):  # fmt: skip
    look = _look(it, {"label": label, **kwargs}, PATCH, "Rectangle")
    if histtype not in ("bar", "barstacked", "step", "stepfilled"):
        raise ValueError(f"{histtype!r} is not a valid value for histtype; supported values are 'bar', "
                         "'barstacked', 'step', 'stepfilled'")  # fmt: skip
    data = numbers(it, x, "x", "plt.hist")
    if data.ndim > 1 and data.size != data.shape[0]:
        raise Refused("snippet.plt_hist", it.budget.line, 0, shape=str(tuple(data.shape)))
    data = data.ravel()
    edges = 10 if bins is None else bins
    if isinstance(edges, bool) or not isinstance(edges, int):
        edges = flat(it, edges, "bins", "plt.hist")
    count = max(0, edges if isinstance(edges, int) else edges.size - 1)
    self.figure.drawing(it.budget, 2 * count + 1)
    finite = data[np.isfinite(data)]
    if range is None and isinstance(edges, int):  # as matplotlib: the finite values' range (nan is left out)
        range = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    w = None if weights is None else flat(it, weights, "weights", "plt.hist")
    if w is not None and w.shape != data.shape:
        raise ValueError("weights should have the same shape as x")
    counts, edges = np.histogram(data, bins=edges, range=range, weights=w, density=bool(density))
    if cumulative:
        heights = counts * np.diff(edges) if density else counts
        turn = -1 if isinstance(cumulative, (int, float)) and cumulative < 0 else 1
        counts = heights[::turn].cumsum()[::turn]
    self.record.marks.append(Mark("hist", listed(edges), listed(counts.astype(np.float64)), label=look.get("label"),
                                  color=style.color(color) if color is not None else _next(self),
                                  alpha=look.get("alpha")))  # fmt: skip
    bars = it.pyplot.artist("matplotlib.container", "BarContainer", f"<BarContainer object of {count} artists>", self)
    return Array(counts.astype(np.float64)), Array(edges), bars


def imshow(it, self, X, cmap=None, norm=None, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None,
           origin=None, **kwargs):  # fmt: skip
    _look(it, kwargs, {"zorder": None, "resample": None, "filternorm": None}, "AxesImage")
    image = numbers(it, X, "X", "plt.imshow", keep=True)
    if not (image.ndim == 2 or (image.ndim == 3 and image.shape[-1] in (3, 4))):
        raise TypeError(f"Invalid shape {image.shape} for image data")
    if origin not in (None, "upper", "lower"):
        raise ValueError(f"{origin!r} is not a valid value for origin; supported values are 'upper', 'lower'")
    self.figure.drawing(it.budget, image.size)
    if image.ndim == 3:  # colours: floats in 0..1, whole numbers in 0..255 (clipped, as matplotlib clips them)
        scale = 255.0 if image.dtype.kind == "f" else 1.0
        image = np.clip(image[..., :3].astype(np.float64) * scale, 0.0, 255.0)
    self.record.marks.append(Mark("imshow", z=listed(image), cmap=style.cmap(cmap), vmin=_bound(vmin),
                                  vmax=_bound(vmax), alpha=style.alpha(alpha), origin=origin or "upper"))  # fmt: skip
    self.record.equal = True
    self.image = it.pyplot.artist("matplotlib.image", "AxesImage", axes=self)
    return self.image


def bar(it, self, x, height, width=0.8, *, align="center", color=None, label=None, **kwargs):
    look = _look(it, {"label": label, **kwargs}, {**PATCH, "tick_label": None}, "Rectangle")
    if align not in ("center", "edge"):
        raise ValueError(f"{align!r} is not a valid value for align; supported values are 'center', 'edge'")
    xs, heights, widths = np.broadcast_arrays(flat(it, x, "x", "plt.bar"), flat(it, height, "height", "plt.bar"),
                                              flat(it, width, "width", "plt.bar"))  # fmt: skip
    self.figure.drawing(it.budget, 3 * xs.size)
    centres = xs + widths / 2 if align == "edge" else xs
    self.record.marks.append(Mark("bar", listed(centres), listed(heights), width=listed(widths),
                                  label=look.get("label"), alpha=look.get("alpha"),
                                  color=style.color(color) if color is not None else _next(self, patches=True)))
    return it.pyplot.artist("matplotlib.container", "BarContainer", f"<BarContainer object of {xs.size} artists>",
                            self)  # fmt: skip
