"""Everything a snippet may name, as literal data: one section per importable module and per kind of value.

Each entry maps the name a snippet writes to the name of the implementation that performs it, found
in the section's perform_*.py (tables.py builds the runtime tables from this file and refuses to import
when a name has no implementation or an implementation is never named). A name that is in none of these
sections does not exist for a snippet; nothing here is ever looked up from user text. Strings have no
methods, so there is no section for them.
"""

# builtins: one implementation each, but numbers (float, abs, bool: Python's own, on plain values only)
BUILTINS = {
    "print": "print", "range": "range", "len": "len", "float": "numbers", "int": "int", "abs": "numbers",
    "round": "round", "bool": "numbers", "str": "str", "min": "min_max", "max": "min_max", "sum": "sum",
    "list": "list", "tuple": "tuple", "enumerate": "enumerate", "zip": "zip", "dict": "dict", "set": "set",
    "any": "any_all", "all": "any_all", "sorted": "sorted", "reversed": "reversed", "isinstance": "isinstance",
    "staticmethod": "marker", "super": "super", "Exception": "error", "RuntimeError": "error", "ValueError": "error",
    "TypeError": "error", "IndexError": "error", "KeyError": "error", "ZeroDivisionError": "error",
    "AttributeError": "error", "NameError": "error", "AssertionError": "error", "NotImplementedError": "error",
    "ArithmeticError": "error", "LookupError": "error", "UnboundLocalError": "error", "StopIteration": "error",
}  # fmt: skip

# torch: from_shape and shaped_like sized before they are made; elementwise sized as the inputs broadcast
# together, no_larger: a result no larger than its inputs; dtype and constant are values; a module's name is that module
TORCH = {
    "tensor": "tensor", "zeros": "from_shape", "ones": "from_shape", "rand": "from_shape", "randn": "from_shape",
    "full": "full", "arange": "arange", "linspace": "linspace", "eye": "eye", "randint": "randint",
    "zeros_like": "shaped_like", "ones_like": "shaped_like", "randn_like": "shaped_like",
    "manual_seed": "manual_seed", "device": "device", "Tensor": "type", "matmul": "matmul", "mm": "mm", "cat": "joined",
    "stack": "joined", "outer": "outer", "no_grad": "no_grad", "enable_grad": "enable_grad",
    "set_grad_enabled": "set_grad_enabled", "is_grad_enabled": "is_grad_enabled",
    "float32": "dtype", "float": "dtype", "float64": "dtype", "double": "dtype", "float16": "dtype",
    "int64": "dtype", "long": "dtype", "int32": "dtype", "int": "dtype", "bool": "dtype",
    "pi": "constant", "e": "constant", "inf": "constant", "nan": "constant",
    "exp": "elementwise", "log": "elementwise", "log2": "elementwise", "log10": "elementwise",
    "log1p": "elementwise", "sin": "elementwise", "cos": "elementwise", "tan": "elementwise",
    "asin": "elementwise", "acos": "elementwise", "atan": "elementwise", "sinh": "elementwise",
    "cosh": "elementwise", "tanh": "elementwise", "sqrt": "elementwise", "abs": "elementwise",
    "neg": "elementwise", "square": "elementwise", "sign": "elementwise", "sigmoid": "elementwise",
    "relu": "elementwise", "erf": "elementwise", "floor": "elementwise", "ceil": "elementwise",
    "round": "elementwise", "pow": "elementwise", "clamp": "elementwise", "maximum": "elementwise",
    "minimum": "elementwise", "where": "elementwise", "add": "elementwise", "sub": "elementwise",
    "mul": "elementwise", "div": "elementwise", "softmax": "elementwise", "log_softmax": "elementwise",
    "isclose": "elementwise", "isnan": "elementwise", "isfinite": "elementwise", "clone": "elementwise",
    "cumsum": "elementwise",
    "from_numpy": "from_numpy",
    "sum": "no_larger", "mean": "no_larger", "prod": "no_larger", "max": "no_larger", "min": "no_larger",
    "argmax": "no_larger", "argmin": "no_larger", "norm": "no_larger", "std": "no_larger", "var": "no_larger",
    "t": "no_larger", "transpose": "no_larger", "reshape": "no_larger", "flatten": "no_larger",
    "unsqueeze": "no_larger", "squeeze": "no_larger", "dot": "no_larger", "allclose": "no_larger",
    "equal": "no_larger", "numel": "no_larger", "detach": "no_larger", "trace": "no_larger", "diag": "diag",
    "nn": "torch.nn", "optim": "torch.optim", "autograd": "torch.autograd",
}  # fmt: skip

# torch.nn: linear sized by the parameters it will hold; parameterless layers and losses made as nn makes them
TORCH_NN = {
    "Linear": "linear", "Sequential": "sequential", "Parameter": "parameter",
    "ReLU": "parameterless", "Sigmoid": "parameterless", "Tanh": "parameterless", "Softmax": "parameterless",
    "LogSoftmax": "parameterless", "Flatten": "parameterless", "Identity": "parameterless",
    "Dropout": "parameterless", "MSELoss": "parameterless", "CrossEntropyLoss": "parameterless",
    "L1Loss": "parameterless", "NLLLoss": "parameterless", "BCELoss": "parameterless",
    "BCEWithLogitsLoss": "parameterless", "functional": "torch.nn.functional", "Module": "base",
}  # fmt: skip

# torch.nn.functional: elementwise and loss both sized as their inputs broadcast together; linear as x @ wᵀ
TORCH_NN_FUNCTIONAL = {
    "relu": "elementwise", "sigmoid": "elementwise", "tanh": "elementwise", "softmax": "elementwise",
    "log_softmax": "elementwise", "softplus": "elementwise", "mse_loss": "loss", "cross_entropy": "loss",
    "l1_loss": "loss", "nll_loss": "loss", "binary_cross_entropy": "loss", "gelu": "elementwise",
    "linear": "linear",
}  # fmt: skip

# torch.optim and torch.autograd: optimizers over a snippet's own parameters; grad watched like backward()
TORCH_OPTIM = {"SGD": "optimizer", "Adam": "optimizer"}
TORCH_AUTOGRAD = {"grad": "grad", "Function": "base"}

# numpy and math: math's constants and functions; numpy's refuse tensors (NumPy would break the graph)
NUMPY = {
    "pi": "constant", "e": "constant", "inf": "constant", "nan": "constant", "sqrt": "no_tensors",
    "exp": "no_tensors", "log": "no_tensors", "sin": "no_tensors", "cos": "no_tensors", "tan": "no_tensors",
}  # fmt: skip
MATH = {
    "pi": "constant", "e": "constant", "inf": "constant", "nan": "constant", "sqrt": "numbers",
    "exp": "numbers", "log": "numbers", "sin": "numbers", "cos": "numbers", "tan": "numbers",
}  # fmt: skip

# matplotlib.pyplot: drawn into the run's record, never by matplotlib (not installed), shown by the page as Plotly
# figures; on_axes: on the current axes (plt.xlabel is ax.set_xlabel), made when there is none. savefig and all
# that writes or reads files, animation, rcParams and styles are not listed
MATPLOTLIB = {"pyplot": "matplotlib.pyplot"}
MATPLOTLIB_PYPLOT = {
    "plot": "on_axes", "scatter": "on_axes", "hist": "on_axes", "imshow": "on_axes", "bar": "on_axes",
    "xlabel": "on_axes", "ylabel": "on_axes", "title": "on_axes", "legend": "on_axes", "grid": "on_axes",
    "xlim": "on_axes", "ylim": "on_axes", "xscale": "on_axes", "yscale": "on_axes", "axis": "on_axes",
    "figure": "figure", "subplots": "subplots", "subplot": "subplot", "gca": "gca", "gcf": "gcf", "show": "show",
    "close": "close", "tight_layout": "tight_layout", "suptitle": "suptitle", "colorbar": "colorbar",
}  # fmt: skip

# tensor, read (value.name) and set (value.name = ...): read as PyTorch reads it; grad_fn wrapped as a node
TENSOR_ATTRIBUTES = {
    "grad": "read", "requires_grad": "read", "is_leaf": "read", "grad_fn": "grad_fn", "shape": "read",
    "dtype": "read", "T": "read", "mT": "read", "data": "read", "ndim": "read", "device": "read",
}  # fmt: skip
TENSOR_SETTABLE = {"grad": "grad", "requires_grad": "requires_grad"}

# tensor methods: x.exp() is torch.exp(x), the same checks and costs; reshaping sized by the shape asked for,
# in_place by the tensor itself, cast by the tensor's elements
TENSOR_METHODS = {
    "exp": "elementwise", "log": "elementwise", "log2": "elementwise", "log10": "elementwise",
    "log1p": "elementwise", "sin": "elementwise", "cos": "elementwise", "tan": "elementwise",
    "asin": "elementwise", "acos": "elementwise", "atan": "elementwise", "sinh": "elementwise",
    "cosh": "elementwise", "tanh": "elementwise", "sqrt": "elementwise", "abs": "elementwise",
    "neg": "elementwise", "square": "elementwise", "sign": "elementwise", "sigmoid": "elementwise",
    "relu": "elementwise", "erf": "elementwise", "floor": "elementwise", "ceil": "elementwise",
    "round": "elementwise", "pow": "elementwise", "clamp": "elementwise", "maximum": "elementwise",
    "minimum": "elementwise", "add": "elementwise", "sub": "elementwise", "mul": "elementwise",
    "div": "elementwise", "softmax": "elementwise", "log_softmax": "elementwise", "isclose": "elementwise",
    "isnan": "elementwise", "isfinite": "elementwise", "clone": "elementwise", "cumsum": "elementwise",
    "sum": "no_larger", "mean": "no_larger", "prod": "no_larger", "max": "no_larger", "min": "no_larger",
    "argmax": "no_larger", "argmin": "no_larger", "norm": "no_larger", "std": "no_larger", "var": "no_larger",
    "t": "no_larger", "transpose": "no_larger", "flatten": "no_larger", "unsqueeze": "no_larger",
    "squeeze": "no_larger", "dot": "no_larger", "numel": "no_larger", "detach": "no_larger", "trace": "no_larger",
    "diag": "diag", "permute": "permute", "matmul": "matmul", "mm": "mm",
    "backward": "backward", "item": "item", "tolist": "tolist", "size": "size", "dim": "dim",
    "retain_grad": "retain_grad", "to": "to", "numpy": "numpy",
    "view": "reshaping", "reshape": "reshaping", "expand": "reshaping", "repeat": "reshaping",
    "add_": "in_place", "sub_": "in_place", "mul_": "in_place", "div_": "in_place", "zero_": "in_place",
    "fill_": "in_place", "clamp_": "in_place", "requires_grad_": "in_place", "uniform_": "in_place",
    "normal_": "in_place",
    "float": "cast", "double": "cast", "long": "cast", "int": "cast", "bool": "cast", "half": "cast",
}  # fmt: skip

# module (what nn.Linear(...) and nn.Sequential(...) made): read where the module has it, else nn's AttributeError
MODULE_ATTRIBUTES = {
    "weight": "read", "bias": "read", "in_features": "read", "out_features": "read", "training": "read",
}  # fmt: skip
MODULE_METHODS = {
    "parameters": "parameters", "named_parameters": "named_parameters", "zero_grad": "zero_grad",
    "train": "train", "eval": "eval",
}  # fmt: skip

# optimizer: step performed and recorded by the recorder (the training a page shows); zero_grad as a module's
OPTIMIZER_METHODS = {"step": "step", "zero_grad": "zero_grad"}

# ctx of a custom autograd Function (values the snippet sets on it are its own): what forward saves for backward
CTX_ATTRIBUTES = {"saved_tensors": "read", "needs_input_grad": "read"}
CTX_METHODS = {
    "save_for_backward": "ctx_call", "mark_non_differentiable": "ctx_call", "mark_dirty": "ctx_call",
    "set_materialize_grads": "ctx_call",
}  # fmt: skip

# grad_fn (a node of the backward graph): its edges and its class name
GRAD_FN_ATTRIBUTES = {"next_functions": "next_functions"}
GRAD_FN_METHODS = {"name": "name"}

# torch.Size, list and dict
SIZE_METHODS = {"numel": "numel"}
LIST_METHODS = {
    "append": "append", "extend": "extend", "insert": "insert", "copy": "copy", "index": "index", "pop": "plain",
    "reverse": "plain", "clear": "plain", "count": "plain",
}  # fmt: skip
DICT_METHODS = {
    "items": "plain", "keys": "plain", "values": "plain", "get": "plain", "pop": "plain", "clear": "plain",
    "update": "update", "setdefault": "setdefault", "copy": "copy",
}  # fmt: skip

# figure (plt.figure(), plt.subplots()) and axes (plt.subplots(), plt.gca(), plt.subplot(), fig.add_subplot()):
# label is set_xlabel, set_ylabel or set_title; limits set_xlim or set_ylim; scale set_xscale or set_yscale
FIGURE_METHODS = {"add_subplot": "add_subplot", "suptitle": "suptitle", "tight_layout": "tight_layout",
                  "colorbar": "colorbar"}  # fmt: skip
AXES_METHODS = {
    "plot": "plot", "scatter": "scatter", "hist": "hist", "imshow": "imshow", "bar": "bar", "legend": "legend",
    "grid": "grid", "set_xlabel": "label", "set_ylabel": "label", "set_title": "label", "set_xlim": "limits",
    "set_ylim": "limits", "set_xscale": "scale", "set_yscale": "scale", "axis": "axis",
}  # fmt: skip

# NumPy array (tensor.numpy(), plt.hist's counts and edges, plt.subplots' grid of axes): read, indexed by numbers
# and slices, listed, made a tensor again (torch.tensor, torch.from_numpy); no NumPy arithmetic
ARRAY_ATTRIBUTES = {"shape": "read", "ndim": "read", "size": "read", "dtype": "read", "T": "read", "flat": "flat"}
ARRAY_METHODS = {"tolist": "tolist", "item": "item", "reshape": "reshape", "flatten": "flattened",
                 "ravel": "flattened"}  # fmt: skip

# the index: what `import` takes, and which section holds each kind of value's attributes and methods
MODULES = {
    "torch": TORCH, "torch.nn": TORCH_NN, "torch.nn.functional": TORCH_NN_FUNCTIONAL, "torch.optim": TORCH_OPTIM,
    "torch.autograd": TORCH_AUTOGRAD, "numpy": NUMPY, "math": MATH,
    "matplotlib": MATPLOTLIB, "matplotlib.pyplot": MATPLOTLIB_PYPLOT,
}  # fmt: skip
ATTRIBUTES = {"tensor": TENSOR_ATTRIBUTES, "module": MODULE_ATTRIBUTES, "grad_fn": GRAD_FN_ATTRIBUTES,
              "ctx": CTX_ATTRIBUTES, "array": ARRAY_ATTRIBUTES}  # fmt: skip
SETTABLE = {"tensor": TENSOR_SETTABLE}
METHODS = {
    "tensor": TENSOR_METHODS, "module": MODULE_METHODS, "optimizer": OPTIMIZER_METHODS, "grad_fn": GRAD_FN_METHODS,
    "size": SIZE_METHODS, "list": LIST_METHODS, "dict": DICT_METHODS, "ctx": CTX_METHODS,
    "figure": FIGURE_METHODS, "axes": AXES_METHODS, "array": ARRAY_METHODS,
}  # fmt: skip
