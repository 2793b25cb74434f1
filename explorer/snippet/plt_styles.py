"""How a mark looks, as matplotlib is told it: colours, format strings ('r--', 'o'), line styles, markers and
colormaps, checked and resolved as matplotlib resolves them (a bad one is matplotlib's own ValueError), into the
names the record keeps (explorer/traced/drawings.py)."""

from __future__ import annotations

import re

import numpy as np
import torch

from explorer.traced.drawings import COLORMAPS, CYCLE, MARKERS

from .values import Array, type_name

# matplotlib's tableau colours (its default cycle, 'tab:blue' ...) and its one-letter colours
TABLEAU = dict(zip(("blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"), CYCLE,
                   strict=True))  # fmt: skip
LETTERS = {"b": "#0000ff", "g": "#008000", "r": "#ff0000", "c": "#00bfbf", "m": "#bf00bf", "y": "#bfbf00",
           "k": "#000000", "w": "#ffffff"}  # fmt: skip
CSS = frozenset((  # matplotlib's CSS4 colours: the names Plotly knows
    "aliceblue", "antiquewhite", "aqua", "aquamarine", "azure", "beige", "bisque", "black", "blanchedalmond",
    "blue", "blueviolet", "brown", "burlywood", "cadetblue", "chartreuse", "chocolate", "coral", "cornflowerblue",
    "cornsilk", "crimson", "cyan", "darkblue", "darkcyan", "darkgoldenrod", "darkgray", "darkgrey", "darkgreen",
    "darkkhaki", "darkmagenta", "darkolivegreen", "darkorange", "darkorchid", "darkred", "darksalmon",
    "darkseagreen", "darkslateblue", "darkslategray", "darkslategrey", "darkturquoise", "darkviolet", "deeppink",
    "deepskyblue", "dimgray", "dimgrey", "dodgerblue", "firebrick", "floralwhite", "forestgreen", "fuchsia",
    "gainsboro", "ghostwhite", "gold", "goldenrod", "gray", "grey", "green", "greenyellow", "honeydew", "hotpink",
    "indianred", "indigo", "ivory", "khaki", "lavender", "lavenderblush", "lawngreen", "lemonchiffon", "lightblue",
    "lightcoral", "lightcyan", "lightgoldenrodyellow", "lightgray", "lightgrey", "lightgreen", "lightpink",
    "lightsalmon", "lightseagreen", "lightskyblue", "lightslategray", "lightslategrey", "lightsteelblue",
    "lightyellow", "lime", "limegreen", "linen", "magenta", "maroon", "mediumaquamarine", "mediumblue",
    "mediumorchid", "mediumpurple", "mediumseagreen", "mediumslateblue", "mediumspringgreen", "mediumturquoise",
    "mediumvioletred", "midnightblue", "mintcream", "mistyrose", "moccasin", "navajowhite", "navy", "oldlace",
    "olive", "olivedrab", "orange", "orangered", "orchid", "palegoldenrod", "palegreen", "paleturquoise",
    "palevioletred", "papayawhip", "peachpuff", "peru", "pink", "plum", "powderblue", "purple", "red", "rosybrown",
    "royalblue", "rebeccapurple", "saddlebrown", "salmon", "sandybrown", "seagreen", "seashell", "sienna",
    "silver", "skyblue", "slateblue", "slategray", "slategrey", "snow", "springgreen", "steelblue", "tan", "teal",
    "thistle", "tomato", "turquoise", "violet", "wheat", "white", "whitesmoke", "yellow", "yellowgreen",
))  # matplotlib's CSS4 colours, the names Plotly knows
HEX = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})")
LINESTYLES = {"-": "-", "--": "--", "-.": "-.", ":": ":", "solid": "-", "dashed": "--", "dashdot": "-.",
              "dotted": ":", "None": "", "none": "", " ": "", "": ""}  # fmt: skip


def color(value: object, what: str = "color") -> str:
    """A colour as matplotlib takes it (a name, 'r', 'C1', 'tab:blue', '#ff8800', '0.5' for grey, an (r, g, b) or
    (r, g, b, a) of floats in 0..1) as CSS; ValueError as matplotlib's for anything else."""
    if isinstance(value, str):
        low = value.lower()  # a name of more than one letter is read in any case
        if len(value) == 1 and value in LETTERS:
            return LETTERS[value]
        if low.startswith("tab:") and low[4:] in TABLEAU:
            return TABLEAU[low[4:]]
        if low == "none":
            return "rgba(0,0,0,0)"
        if re.fullmatch(r"C\d{1,6}", value):
            return CYCLE[int(value[1:]) % len(CYCLE)]
        if low in CSS:
            return low
        if HEX.fullmatch(low):
            digits = low[1:] if len(low) > 5 else "".join(d * 2 for d in low[1:])
            return _rgba([int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2)])
        try:
            grey = float(value)
        except ValueError:
            grey = -1.0
        if 0.0 <= grey <= 1.0:
            return _rgba([grey] * 3)
    elif isinstance(value, (tuple, list)) and len(value) in (3, 4):
        parts = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(parts) == len(value) and all(0.0 <= v <= 1.0 for v in parts):
            return _rgba([float(v) for v in parts])
    raise ValueError(f"{_shown(value)} is not a valid value for {what}")


def _rgba(parts: list[float]) -> str:
    r, g, b = (round(255 * p) for p in parts[:3])
    return f"rgba({r},{g},{b},{parts[3]:g})" if len(parts) == 4 else f"#{r:02x}{g:02x}{b:02x}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def fmt(text: str) -> tuple[str | None, str | None, str | None]:
    """A format string ('r--', 'o', 'C2:', 'green') as matplotlib reads it: (line style, marker, colour), None
    where it says nothing; ValueError as matplotlib's when it cannot be read."""
    try:
        found = color(text)
        if text.isdigit():  # '1' is a marker (tri_down), not grey
            raise ValueError
        return None, None, found
    except ValueError:
        pass
    linestyle = marker = shade = None
    i = 0
    while i < len(text):
        two, one = text[i : i + 2], text[i]
        if two in ("--", "-."):
            part, size = "linestyle", 2
        elif one in "-:":
            part, size = "linestyle", 1
        elif one in MARKERS:
            part, size = "marker", 1
        elif one in LETTERS:
            part, size = "color", 1
        elif one == "C":
            number = re.match(r"C\d+", text[i:])
            if not number:
                raise ValueError(f"{text!r} is not a valid format string ('C' must be followed by a number)")
            part, size = "color", len(number[0])
        else:
            raise ValueError(f"{text!r} is not a valid format string (unrecognized character {one!r})")
        chunk = text[i : i + size]
        if (part == "linestyle" and linestyle) or (part == "marker" and marker) or (part == "color" and shade):
            raise ValueError(f"{text!r} is not a valid format string (two {part} symbols)")
        if part == "linestyle":
            linestyle = chunk
        elif part == "marker":
            marker = chunk
        else:
            shade = color(chunk)
        i += size
    if linestyle is None and marker is None:
        linestyle = "-"
    return linestyle if linestyle is not None else "", marker if marker is not None else "", shade


def linestyle(value: object) -> str:
    if isinstance(value, str) and value in LINESTYLES:
        return LINESTYLES[value]
    raise ValueError(f"{_shown(value)} is not a valid value for ls; supported values are "
                     "'-', '--', '-.', ':', 'None', ' ', '', 'solid', 'dashed', 'dashdot', 'dotted'")  # fmt: skip


def marker(value: object) -> str:
    if value is None or value in ("None", "none", " ", ""):
        return ""
    if isinstance(value, str) and value in MARKERS:
        return value
    raise ValueError(f"Unrecognized marker style {_shown(value)}")


def cmap(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and (value in COLORMAPS or (value.endswith("_r") and value[:-2] in COLORMAPS)):
        return value
    raise ValueError(f"{_shown(value)} is not a valid value for cmap; supported values are "
                     f"{', '.join(repr(n) for n in COLORMAPS)} (and each with '_r')")  # fmt: skip


def number(value: object, what: str) -> float:
    """A size, a width, an alpha, a limit: a number, a one-element tensor or what indexing an array picked
    (matplotlib's TypeError otherwise)."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and value.dtype != torch.bool:
        value = value.item()
    elif isinstance(value, Array) and isinstance(value.array, np.number):
        value = value.array.item()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"{what} must be a number, not {type_name(value)}")


def alpha(value: object) -> float | None:
    if value is None:
        return None
    found = number(value, "alpha")
    if not 0.0 <= found <= 1.0:
        raise ValueError(f"alpha ({found:g}) is outside 0-1 range")
    return found
