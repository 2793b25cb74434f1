"""The refusals a snippet that draws gets in place of the general ones, found before anything runs: an attribute
of plt (or of matplotlib) that is not offered (plt.savefig, plt.rcParams, matplotlib.use), or one of matplotlib's
figure and axes methods that is not (fig.savefig, ax.set_xticks), says that the page shows every figure itself and
what plt can do; `plt` used without its import says which import."""

from __future__ import annotations

import ast

from .limits import Refused
from .tables import KNOWN_ATTRIBUTES

# matplotlib's names a drawing snippet may write that are not offered here (besides everything on plt itself)
ELSEWHERE = frozenset((
    "savefig", "imsave", "imread", "rcParams", "rc", "rcdefaults", "style", "use", "animation", "pause", "ion",
    "ioff", "draw", "clf", "cla", "text", "annotate", "axhline", "axvline", "hlines", "vlines", "fill_between",
    "errorbar", "contour", "contourf", "pie", "boxplot", "violinplot", "semilogx", "semilogy", "loglog", "xticks",
    "yticks", "set_xticks", "set_yticks", "set_xticklabels", "set_yticklabels", "set_aspect", "twinx", "twiny",
    "add_axes", "tick_params", "set_facecolor", "get_xlim", "get_ylim", "set_size_inches", "plot_surface",
    "quiver", "streamplot", "arrow", "margins", "minorticks_on", "locator_params", "autoscale", "spines", "xaxis",
    "yaxis", "canvas", "figtext", "set_data", "subplots_adjust", "matshow", "pcolormesh", "pcolor", "hexbin",
    "hist2d", "barh", "fill", "polar", "get_legend_handles_labels", "set_label", "axes",
))
IMPORT = "import matplotlib.pyplot as plt"


def _modules(tree: ast.Module) -> set[str]:
    """The names the snippet binds to matplotlib or matplotlib.pyplot."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bound |= {a.asname or a.name.split(".")[0] for a in node.names if a.name.split(".")[0] == "matplotlib"}
        elif isinstance(node, ast.ImportFrom) and node.module == "matplotlib":
            bound |= {a.asname or a.name for a in node.names}
    return bound


def pyplot_refusals(tree: ast.Module, known: set[str], own: set[str] = frozenset()) -> list[Refused]:
    """These refusals, each at its node (the general check refuses the same nodes in general words after them);
    `own`: the attribute names the snippet gives its own objects (a class's `self.axes`), never matplotlib's."""
    modules = _modules(tree)
    found = []
    for node in ast.walk(tree):
        line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
        if isinstance(node, ast.Attribute) and node.attr not in KNOWN_ATTRIBUTES and node.attr not in own \
                and not node.attr.startswith("_"):  # fmt: skip
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner in modules or (modules and node.attr in ELSEWHERE):
                found.append(Refused("snippet.plt_unknown", line, column,
                                     name=f"{owner}.{node.attr}" if owner else node.attr))  # fmt: skip
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id == "plt" and "plt" not in known:
            found.append(Refused("snippet.not_imported", line, column, name="plt", statement=IMPORT))
    return found
