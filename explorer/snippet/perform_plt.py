"""The code that performs `matplotlib.pyplot` for a snippet, and what it may do with the figures and axes it makes:
allowlist.py names what exists (MATPLOTLIB_PYPLOT, FIGURE_METHODS, AXES_METHODS); the dicts at the end map each
implementation name used there to the code here, in plt_marks.py (what is drawn) and plt_axes.py (what is set).
No matplotlib runs (it is not installed): every call fills the run's drawings (explorer/snippet/plt_values.py),
which the page shows as Plotly figures.
Not listed, so absent: savefig and everything else that writes or reads files, animation, rcParams, styles."""

from __future__ import annotations

import functools
import inspect

import numpy as np

from . import plt_styles as style
from .checks import whole
from .plt_axes import TEXT_KEYWORDS, axis, grid, keywords, label, legend, limits, scale, text_artist
from .plt_marks import bar, hist, imshow, plot, scatter, text
from .plt_values import Artist, AxesValue, FigureValue
from .values import Array, Each


def _on_current(method):
    """plt.plot(...) is plt.gca().plot(...): the same code, on the current axes (made if there is none)."""
    signature = inspect.signature(method)
    first, _, *rest = signature.parameters.values()

    @functools.wraps(method)
    def run(it, *args, **kwargs):
        return method(it, it.pyplot.gca(it.budget), *args, **kwargs)

    run.__signature__ = signature.replace(parameters=[first, *rest])  # type: ignore[attr-defined]
    return run


def _size(figsize) -> tuple[float, float] | None:
    if figsize is None:
        return None
    if not isinstance(figsize, (tuple, list)) or len(figsize) != 2:
        raise ValueError("figsize takes (width, height), in inches")
    width, height = (style.number(v, "figsize") for v in figsize)
    if not (0 < width < 1000 and 0 < height < 1000):
        raise ValueError(f"figure size must be positive finite not ({width:g}, {height:g})")
    return (width, height)


def figure(it, num=None, figsize=None, dpi=None, facecolor=None, edgecolor=None, frameon=True, clear=False,
           layout=None):  # fmt: skip
    number = None if num is None else whole(num, "num")
    return it.pyplot.figure(it.budget, number, _size(figsize))


def subplots(it, nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True, width_ratios=None,
             height_ratios=None, figsize=None, dpi=None, layout=None, num=None):  # fmt: skip
    rows, cols = whole(nrows, "nrows"), whole(ncols, "ncols")
    if rows < 1 or cols < 1:
        raise ValueError(f"Number of {'rows' if rows < 1 else 'columns'} must be a positive integer, "
                         f"not {rows if rows < 1 else cols}")  # fmt: skip
    if rows * cols > it.budget.limits.axes:
        raise it.budget.over("axes", f"{rows * cols:,}")
    made = it.pyplot.figure(it.budget, None if num is None else whole(num, "num"), _size(figsize))
    grid = np.empty((rows, cols), dtype=object)
    for k in range(rows * cols):
        grid[divmod(k, cols)] = made.subplot(it.budget, rows, cols, k + 1)
    if squeeze and rows * cols == 1:
        return made, grid[0, 0]
    return made, Array(grid.ravel() if squeeze and (rows == 1 or cols == 1) else grid)


def _subplot(it, figure: FigureValue, args: tuple) -> AxesValue:
    if len(args) == 1:
        code = whole(args[0], "pos")
        if not 111 <= code <= 999:
            raise ValueError(f"Integer subplot specification must be a three-digit number, not {code}")
        args = (code // 100, code // 10 % 10, code % 10)
    elif not args:
        args = (1, 1, 1)
    if len(args) != 3:
        raise TypeError(f"subplot() takes 1 or 3 positional arguments but {len(args)} were given")
    rows, cols, index = (whole(a, "nrows, ncols and index") for a in args)
    if rows < 1 or cols < 1 or not 1 <= index <= rows * cols:
        raise ValueError(f"num must be an integer with 1 <= num <= {max(0, rows * cols)}, not {index}")
    return figure.subplot(it.budget, rows, cols, index)


def _close(it, fig=None):
    pyplot = it.pyplot
    if fig == "all":
        pyplot.close()
    elif isinstance(fig, FigureValue):
        pyplot.close(fig)
    elif fig is None:
        if pyplot.current is not None:
            pyplot.close(pyplot.current)
    else:
        number = whole(fig, "fig")
        for found in [f for f in pyplot.open if f.record.number == number]:
            pyplot.close(found)


def _suptitle(it, self, t, **kwargs):
    keywords(kwargs, TEXT_KEYWORDS, "Text.set()")
    self.record.suptitle = text(it, t)
    return text_artist(it, (0.5, 0.98), self.record.suptitle)


def _colorbar(it, mappable=None, cax=None, ax=None, **kwargs):
    shown = mappable if isinstance(mappable, Artist) else it.pyplot.gca(it.budget).image if mappable is None else None
    if shown is None or shown.axes is None or shown.name not in ("AxesImage", "PathCollection"):
        raise RuntimeError("No mappable was found to use for colorbar creation. First define a mappable such as "
                           "an image (with imshow) or a contour set (with contourf).")  # fmt: skip
    shown.axes.record.colorbar = True
    return it.pyplot.artist("matplotlib.colorbar", "Colorbar")


ON_AXES = {"plot": plot, "scatter": scatter, "hist": hist, "imshow": imshow, "bar": bar, "xlabel": label("xlabel"),
           "ylabel": label("ylabel"), "title": label("title"), "legend": legend, "grid": grid,
           "xlim": limits("x"), "ylim": limits("y"), "xscale": scale("x"), "yscale": scale("y"),
           "axis": axis}  # fmt: skip
PERFORMS_MATPLOTLIB: dict[str, object] = {}  # matplotlib itself offers only its pyplot
PERFORMS_PYPLOT = {
    "on_axes": Each(lambda name: _on_current(ON_AXES[name])), "figure": figure, "subplots": subplots,
    "subplot": lambda it, *args: _subplot(it, it.pyplot.gcf(it.budget), args),
    "gca": lambda it: it.pyplot.gca(it.budget), "gcf": lambda it: it.pyplot.gcf(it.budget),
    "show": lambda it, block=None: it.pyplot.show(), "close": _close,
    "tight_layout": lambda it, **kwargs: None, "colorbar": _colorbar,
    "suptitle": lambda it, t, **kwargs: _suptitle(it, it.pyplot.gcf(it.budget), t, **kwargs),
}  # fmt: skip
PERFORMS_FIGURE_METHODS = {
    "add_subplot": lambda it, self, *args: _subplot(it, self, args), "suptitle": _suptitle,
    "tight_layout": lambda it, self, **kwargs: None, "colorbar": lambda it, self, mappable, **kwargs:
    _colorbar(it, mappable, **kwargs),
}  # fmt: skip
PERFORMS_AXES_METHODS = {
    "plot": plot, "scatter": scatter, "hist": hist, "imshow": imshow, "bar": bar, "legend": legend, "grid": grid,
    "label": Each(lambda name: label(name.removeprefix("set_"))), "limits": Each(lambda name: limits(name[4])),
    "scale": Each(lambda name: scale(name[4])), "axis": axis,
}  # fmt: skip
