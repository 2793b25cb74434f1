"""The runtime tables the interpreter and the checks look names up in, built once at import from allowlist.py.

allowlist.py says, as literal data, which names exist and which implementation performs each;
perform_*.py hold the implementations under those names. `_performed` pairs them and refuses to import
when a listed name has no implementation, an implementation is never listed, or a name starts with `_`.
A name that is in none of these tables does not exist for a snippet.
"""

from __future__ import annotations

from . import (
    allowlist,
    perform_array,
    perform_builtins,
    perform_nn,
    perform_plt,
    perform_python,
    perform_tensor,
    perform_torch,
)
from .values import Each, Function, Namespace

# where the implementations of each allowlist section are
PERFORMED = {
    "builtins": {**perform_builtins.PERFORMS_BUILTINS, **perform_python.PERFORMS_PYTHON},
    "torch": perform_torch.PERFORMS_TORCH,
    "torch.nn": perform_nn.PERFORMS_NN, "torch.nn.functional": perform_nn.PERFORMS_FUNCTIONAL,
    "matplotlib": perform_plt.PERFORMS_MATPLOTLIB, "matplotlib.pyplot": perform_plt.PERFORMS_PYPLOT,
    "torch.optim": perform_nn.PERFORMS_OPTIM, "torch.autograd": perform_nn.PERFORMS_AUTOGRAD,
    "numpy": perform_builtins.PERFORMS_NUMPY, "math": perform_builtins.PERFORMS_MATH,
}  # fmt: skip
PERFORMED_ATTRIBUTES = {"tensor": perform_tensor.PERFORMS_TENSOR_ATTRIBUTES,
                        "module": perform_nn.PERFORMS_MODULE_ATTRIBUTES,
                        "grad_fn": perform_nn.PERFORMS_GRAD_FN_ATTRIBUTES,
                        "ctx": perform_nn.PERFORMS_CTX_ATTRIBUTES,
                        "array": perform_array.PERFORMS_ARRAY_ATTRIBUTES}  # fmt: skip
PERFORMED_SETTABLE = {"tensor": perform_tensor.PERFORMS_TENSOR_SETTABLE}
PERFORMED_METHODS = {
    "tensor": perform_tensor.PERFORMS_TENSOR_METHODS, "module": perform_nn.PERFORMS_MODULE_METHODS,
    "optimizer": perform_nn.PERFORMS_OPTIMIZER_METHODS, "grad_fn": perform_nn.PERFORMS_GRAD_FN_METHODS,
    "size": perform_tensor.PERFORMS_SIZE_METHODS,
    "list": {**perform_builtins.PERFORMS_LIST_METHODS, **perform_python.PERFORMS_LIST_METHODS},
    "dict": perform_python.PERFORMS_DICT_METHODS, "ctx": perform_nn.PERFORMS_CTX_METHODS,
    "figure": perform_plt.PERFORMS_FIGURE_METHODS, "axes": perform_plt.PERFORMS_AXES_METHODS,
    "array": perform_array.PERFORMS_ARRAY_METHODS,
}  # fmt: skip
CALLED = {"torch.nn": "nn", "torch.nn.functional": "F", "torch.optim": "optim", "numpy": "np",
          "matplotlib.pyplot": "plt"}  # in messages


class AllowlistError(LookupError):
    """allowlist.py and perform_*.py do not match: raised at import, so the interpreter never starts."""


def _performed(section: str, listed: dict[str, str], implemented: dict[str, object], modules=()) -> dict:
    """Each listed name with what its implementation makes of it (an `Each` is made for the name itself);
    a listed implementation naming one of `modules` stands for that module."""
    missing = {name: used for name, used in listed.items() if used not in implemented and used not in modules}
    if missing:
        raise AllowlistError(f"allowlist.py, {section}: no implementation of {missing}")
    unused = sorted(set(implemented) - set(listed.values()))
    if unused:
        raise AllowlistError(f"{section}: implementations allowlist.py never names: {', '.join(unused)}")
    hidden = sorted(name for name in listed if name.startswith("_") or not name.isidentifier())
    if hidden:
        raise AllowlistError(f"allowlist.py, {section}: a snippet cannot write {', '.join(hidden)}")
    made = {}
    for name, used in listed.items():
        found = implemented.get(used)
        made[name] = found.make(name) if isinstance(found, Each) else found
    return made


def _same_kinds(what: str, listed: dict, performed: dict) -> None:
    if set(listed) != set(performed):
        raise AllowlistError(f"{what}: allowlist.py lists {sorted(listed)}, tables.py performs {sorted(performed)}")


def build() -> tuple[dict, dict, dict, dict, dict]:
    """BUILTINS, MODULES, ATTRIBUTES, METHODS and SETTABLE as the interpreter uses them, from allowlist.py."""
    _same_kinds("modules", {"builtins": 1, **allowlist.MODULES}, PERFORMED)
    builtins = {name: Function(name, run) if callable(run) else run  # an exception class, a marker: values
                for name, run in _performed("BUILTINS", allowlist.BUILTINS, PERFORMED["builtins"]).items()}
    members: dict[str, dict[str, object]] = {module: {} for module in allowlist.MODULES}
    modules = {module: Namespace(module, members[module]) for module in allowlist.MODULES}
    for module, listed in allowlist.MODULES.items():
        for name, value in _performed(module, listed, PERFORMED[module], modules).items():
            if listed[name] in modules:
                members[module][name] = modules[listed[name]]  # torch's nn is torch.nn
            elif callable(value):
                members[module][name] = Function(f"{CALLED.get(module, module)}.{name}", value)
            else:
                members[module][name] = value  # a dtype or a constant
    tables = []
    for what, listed_kinds, performed in (("ATTRIBUTES", allowlist.ATTRIBUTES, PERFORMED_ATTRIBUTES),
                                          ("METHODS", allowlist.METHODS, PERFORMED_METHODS),
                                          ("SETTABLE", allowlist.SETTABLE, PERFORMED_SETTABLE)):  # fmt: skip
        _same_kinds(what, listed_kinds, performed)
        tables.append({kind: _performed(f"{what}[{kind!r}]", listed, performed[kind])
                       for kind, listed in listed_kinds.items()})  # fmt: skip
    attributes, methods, settable = tables
    return builtins, modules, attributes, methods, settable


BUILTINS, MODULES, ATTRIBUTES, METHODS, SETTABLE = build()  # per kind (explorer.snippet.values.kind)
KNOWN_ATTRIBUTES = frozenset().union(*ATTRIBUTES.values(), *METHODS.values(),
                                     *(ns.members for ns in MODULES.values()))  # fmt: skip
