"""The code that performs Python's containers and errors for a snippet: dict, set, any, all, sorted, reversed,
isinstance, the exception classes, and the methods of lists and dicts. allowlist.py names what exists; every
list or dict is sized before it grows."""

from __future__ import annotations

import builtins

import torch

from .objects import Base, ClassValue
from .perform_builtins import items_of
from .text_costs import items
from .values import Each, ErrorClass, Function, Marker, ModuleValue

TYPES = {"int": int, "float": float, "str": str, "list": list, "tuple": tuple, "dict": dict, "set": set,
         "bool": bool}  # fmt: skip


def _dict(it, *args, **kwargs):
    if len(args) > 1:
        raise TypeError(f"dict expected at most 1 argument, got {len(args)}")
    pairs = [] if not args else list(args[0].items()) if isinstance(args[0], dict) else items_of(it, args[0])
    it.budget.sequence(len(pairs) + len(kwargs))
    it.budget.making(len(pairs) + len(kwargs))
    return dict(pairs, **kwargs)


def _set(it, iterable=()):
    found = items_of(it, iterable)
    it.budget.making(len(found))
    return set(found)


def _any_all(fn):
    def run(it, iterable):
        return fn(it.truth(item) for item in items_of(it, iterable))

    return run


def _sorted(it, iterable, *, key=None, reverse=False):
    found = items_of(it, iterable)
    items(found, it.budget)  # comparing nested lists walks all of them
    it.budget.making(len(found))
    if key is None:
        return sorted(found, reverse=bool(reverse))
    keyed = it.callable_for(key)
    return sorted(found, key=keyed, reverse=bool(reverse))


def _reversed(it, sequence):
    found = items_of(it, sequence)
    it.budget.making(len(found))
    return found[::-1]


def _isinstance(it, value, kinds):
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    for kind in kinds:
        if isinstance(kind, ErrorClass) and isinstance(value, kind.error):
            return True
        if isinstance(kind, Function) and kind.name in TYPES and isinstance(value, TYPES[kind.name]):
            return True
        made = kind.base if isinstance(kind, Base) else kind.made if isinstance(kind, ClassValue) else kind
        inner = value.module if isinstance(value, ModuleValue) else value
        if isinstance(made, type) and issubclass(made, (torch.Tensor, torch.nn.Module)) and isinstance(inner, made):
            return True
        if not isinstance(kind, (ErrorClass, Function, type, Base, ClassValue)):
            raise TypeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
    return False


def _error(name: str) -> ErrorClass:
    error = getattr(builtins, name)
    if not (isinstance(error, type) and issubclass(error, Exception)):
        raise TypeError(f"{name} is not an exception class")
    return ErrorClass(name, error)


def _grown(it, container, more: int) -> None:
    it.budget.sequence(len(container) + more)
    it.budget.making(more)


def _extend(it, self, iterable):
    found = items_of(it, iterable)
    _grown(it, self, len(found))
    self.extend(found)


def _insert(it, self, index, item):
    _grown(it, self, 1)
    self.insert(index, item)


def _update(it, self, other=(), **kwargs):
    pairs = list(other.items()) if isinstance(other, dict) else items_of(it, other)
    _grown(it, self, len(pairs) + len(kwargs))
    self.update(pairs, **kwargs)


def _setdefault(it, self, key, default=None):
    _grown(it, self, 1)
    return self.setdefault(key, default)


def _copy(it, self):
    it.budget.making(len(self))
    return self.copy()


def _index(it, self, value, *bounds):
    items([self, value], it.budget)
    return self.index(value, *bounds)


def _plain(name: str):
    """A method that neither grows the container nor walks nested items: done as Python does it."""
    def run(it, self, *args):
        return getattr(type(self), name)(self, *args)

    return run


PERFORMS_PYTHON = {
    "dict": _dict, "set": _set, "any_all": Each(lambda name: _any_all(getattr(builtins, name))), "sorted": _sorted,
    "reversed": _reversed, "isinstance": _isinstance, "error": Each(_error), "marker": Each(Marker),
    "super": lambda it, *args: it.super_of(args),
}  # fmt: skip
PERFORMS_LIST_METHODS = {"extend": _extend, "insert": _insert, "copy": _copy, "index": _index,
                         "plain": Each(_plain)}  # fmt: skip
PERFORMS_DICT_METHODS = {"update": _update, "setdefault": _setdefault, "copy": _copy, "plain": Each(_plain)}
