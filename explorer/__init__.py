"""autodiff-explorer: the real PyTorch autograd graph of a formula, a snippet, or your own tensors.

The public API is three names (explorer/api.py):

    explorer.show(tensor, names=None)      the graph behind a tensor, before backward()
    explorer.backward(tensor, names=None)  tensor.backward(), watched: what flowed, in which order
    explorer.Drawing                       what both return: .dot, .svg(), .save(path), .data()

Everything else in the package is the app's own pipeline (text -> parse -> build -> graph -> draw,
plots, the snippet interpreter, the workers), importable by module but not promised to stay.
"""

from explorer.api import Drawing, backward, show

__all__ = ["Drawing", "backward", "show"]
