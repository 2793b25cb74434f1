"""What is set on an axes (ax.set_xlabel, set_ylabel, set_title, legend, grid, set_xlim, set_ylim, set_xscale,
set_yscale, axis; plt's xlabel, title ... are these on the current axes), as matplotlib takes it and returns it
(a Text, a Legend, the limits), recorded on the axes' record."""

from __future__ import annotations

import warnings

import numpy as np

from . import plt_styles as style
from .limits import Refused
from .plt_marks import text
from .plt_values import Artist, AxesValue

TEXT_KEYWORDS = frozenset({"fontsize", "size", "color", "fontweight", "weight", "fontdict", "pad", "loc", "labelpad",
                           "fontfamily", "family", "fontstyle", "style", "rotation", "ha", "va", "y", "x"})  # fmt: skip
LEGEND_KEYWORDS = frozenset({"loc", "fontsize", "title", "frameon", "ncol", "ncols", "bbox_to_anchor", "framealpha",
                             "shadow", "fancybox", "markerscale", "title_fontsize", "borderaxespad"})  # fmt: skip
PLACES = {"xlabel": (0.5, 0), "ylabel": (0, 0.5), "title": (0.5, 1.0)}  # where matplotlib's Text says it is
NO_LEGEND = ("No artists with labels found to put in legend.  Note that artists whose label start with an "
             "underscore are ignored when legend() is called with no argument.")  # fmt: skip


def keywords(kwargs: dict, allowed: frozenset, artist: str) -> None:
    for name in kwargs:
        if name not in allowed:
            raise AttributeError(f"{artist} got an unexpected keyword argument '{name}'")


def text_artist(it, place: tuple[float, float], written: str) -> Artist:
    shown = written if len(written) <= 40 else written[:39] + "…"
    return it.pyplot.artist("matplotlib.text", "Text", f"Text({place[0]}, {place[1]}, {shown!r})")


def label(field: str):
    """ax.set_xlabel, set_ylabel, set_title (and plt.xlabel, ylabel, title)."""

    def run(it, self, label, fontdict=None, **kwargs):
        keywords(kwargs, TEXT_KEYWORDS, "Text.set()")
        written = text(it, label)
        if field == "xlabel":
            self.record.xlabel = written
        elif field == "ylabel":
            self.record.ylabel = written
        else:
            self.record.title = written
        return text_artist(it, PLACES[field], written)

    return run


def legend(it, self, *args, **kwargs):
    keywords(kwargs, LEGEND_KEYWORDS, "Legend.__init__()")
    handles = [m for m in self.record.marks if m.kind != "imshow"]
    if len(args) == 1 and isinstance(args[0], (list, tuple, str)):  # legend(['train', 'test']): in drawing order
        labels = [args[0]] if isinstance(args[0], str) else list(args[0])
        it.budget.sequence(len(labels))
        for k, mark in enumerate(handles):
            mark.label = text(it, labels[k]) if k < len(labels) else None
    elif args:
        raise Refused("snippet.plt_legend", it.budget.line, 0)
    elif not any(m.label and not m.label.startswith("_") for m in handles):
        warnings.warn(NO_LEGEND, UserWarning, stacklevel=1)
    self.record.legend = True
    return it.pyplot.artist("matplotlib.legend", "Legend", axes=self)


def grid(it, self, visible=None, which="major", axis="both", **kwargs):
    if axis not in ("both", "x", "y"):
        raise ValueError(f"{axis!r} is not a valid value for axis; supported values are 'both', 'x', 'y'")
    shown = (not self.record.grid) if visible is None and not kwargs else visible is None or bool(visible)
    self.record.grid = axis if shown else ""


def _auto(self: AxesValue, axis: str) -> tuple[float, float]:
    """The limits matplotlib would choose: the data's range with a 5% margin ((0, 1) with no data)."""
    values = [v for m in self.record.marks for v in (m.x if axis == "x" else m.y) if np.isfinite(v)]
    if not values:
        return (0.0, 1.0)
    low, high = min(values), max(values)
    margin = 0.05 * (high - low) if high > low else 0.05 * (abs(low) or 1.0)
    return (low - margin, high + margin)


def limits(axis: str):
    """ax.set_xlim(left, right) or ((left, right)); plt.xlim() reads them; returns them, as matplotlib does."""

    def run(it, self, left=None, right=None, **kwargs):
        keywords(kwargs, frozenset({"emit", "auto", "xmin", "xmax", "ymin", "ymax", "bottom", "top"}),
                  f"set_{axis}lim()")  # fmt: skip
        left = kwargs.get(f"{axis}min", kwargs.get("bottom", left))
        right = kwargs.get(f"{axis}max", kwargs.get("top", right))
        if isinstance(left, (tuple, list)) and right is None:
            if len(left) != 2:
                raise ValueError(f"{axis}lim takes (left, right), not {len(left)} numbers")
            left, right = left
        current = self.record.xlim if axis == "x" else self.record.ylim
        low, high = current or _auto(self, axis)
        if left is None and right is None:
            return (low, high)
        found = [style.number(v, f"{axis}lim") if v is not None else d for v, d in ((left, low), (right, high))]
        if axis == "x":
            self.record.xlim = found
        else:
            self.record.ylim = found
        return tuple(found)

    return run


def scale(axis: str):
    def run(it, self, value, **kwargs):
        if value not in ("linear", "log"):
            raise Refused("snippet.plt_scale", it.budget.line, 0, scale=repr(value)[:40])
        if axis == "x":
            self.record.xscale = value
        else:
            self.record.yscale = value

    return run


def axis(it, self, arg=None, **kwargs):
    """axis('off'), axis('on'), axis('equal') ..., axis([xmin, xmax, ymin, ymax]); returns the limits."""
    if isinstance(arg, (list, tuple)):
        if len(arg) != 4:
            raise TypeError("The first argument to axis() must be an iterable of the form [xmin, xmax, ymin, ymax]")
        limits("x")(it, self, arg[0], arg[1])
        limits("y")(it, self, arg[2], arg[3])
    elif isinstance(arg, bool) or arg in ("off", "on"):
        self.record.axis_off = arg in ("off", False)
    elif arg in ("equal", "scaled", "image", "square"):
        self.record.equal = True
    elif arg not in (None, "tight", "auto"):
        raise ValueError(f"Unrecognized string {str(arg)[:40]!r} to axis; try 'on' or 'off'")
    return (*limits("x")(it, self), *limits("y")(it, self))
