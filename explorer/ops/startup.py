"""What a Streamlit process sets up once, on its first run, before any page: torch's threads and the
workers' fork server.

- torch uses one intra-op thread here. The app's tensors are small (a 101 × 101 grid at most), where
  a thread pool gains nothing, while thirty sessions each asking for every core would fight over two.
- The fork server (explorer/workers/forkserver.py) starts now, in the background: a single-threaded process
  with torch and SymPy imported and warmed up, from which every child is forked (a snippet's run,
  SymPy's derivatives), so that no child is ever forked from the threaded server.
- After the first run (`settle()`), everything imported and built so far (torch, SymPy, Plotly,
  Streamlit, the pages) is moved out of the cyclic garbage collector's sight (`gc.freeze()`): its
  full collections then walk what the sessions made, not the 290,000 objects of the libraries.
"""

from __future__ import annotations

import gc
import threading

import torch

from explorer.snippet import worker

THREADS = 1
_lock = threading.Lock()
_ready = False
_settled = False


def prepare() -> None:
    """Once per process (a no-op after the first call)."""
    global _ready
    with _lock:
        if _ready:
            return
        torch.set_num_threads(THREADS)
        worker.start()
        _ready = True


def settle() -> None:
    """Once per process, after its first run: the objects alive now stay alive, so the collector skips them."""
    global _settled
    with _lock:
        if not _settled:
            gc.freeze()
            _settled = True
