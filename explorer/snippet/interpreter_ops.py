"""The operators of the snippet language (arithmetic, comparisons, indexing), performed by our code with
the sizes checked first: a tensor's result is sized before it is made, a Python integer's before it
is computed (no 10 ** 10 ** 10), a string's or list's before it is repeated."""

from __future__ import annotations

import ast
import operator
import re

import torch

from .checks import broadcast, plain
from .costs import indexing, product
from .limits import Refused
from .perform_array import item
from .text_costs import items, percent_size
from .values import Array, ModuleValue, Range, type_name

BINARY = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow, ast.MatMult: operator.matmul,
    ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
    ast.LShift: operator.lshift, ast.RShift: operator.rshift,
}  # fmt: skip
INPLACE = {
    ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul, ast.Div: operator.itruediv,
    ast.FloorDiv: operator.ifloordiv, ast.Mod: operator.imod, ast.Pow: operator.ipow, ast.MatMult: operator.imatmul,
    ast.BitAnd: operator.iand, ast.BitOr: operator.ior, ast.BitXor: operator.ixor,
    ast.LShift: operator.ilshift, ast.RShift: operator.irshift,
}  # fmt: skip
SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**",
           ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
           ast.RShift: ">>"}  # fmt: skip
COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}  # fmt: skip
OPERAND = (bool, int, float, str, type(None), list, tuple, torch.Tensor, torch.Size, dict, set, frozenset)
FORMAT_SPEC = re.compile(r"[<>^=]?[+\- ]?#?0?\d{0,3}[,_]?(\.\d{1,2})?[bdeEfFgGnoxX%]?")  # no nested fields


class Operations:
    """Mixed into the Interpreter: `self.budget` and `self.made` come from there."""

    def binary(self, op, left, right, inplace: bool = False):
        if isinstance(op, str):  # sum() adds with "+"
            op = ast.Add
        if isinstance(left, Array) or isinstance(right, Array):
            raise Refused("snippet.array_math", self.budget.line, 0, op=SYMBOLS[op])
        for value in (left, right):
            if not isinstance(value, OPERAND):
                raise TypeError(f"unsupported operand type(s) for {SYMBOLS[op]}: '{type_name(left)}' and "
                                f"'{type_name(right)}'")  # fmt: skip
        if isinstance(left, torch.Tensor) or isinstance(right, torch.Tensor):
            (product if op is ast.MatMult else broadcast)(self.budget, left, right)
            if inplace and isinstance(left, torch.Tensor):
                self.recorder.changed(left)
            return self.made((INPLACE if inplace else BINARY)[op](left, right))
        self._python_size(op, left, right)
        result = (INPLACE if inplace else BINARY)[op](left, right)
        return self.budget.integer(result) if isinstance(result, int) and not isinstance(result, bool) else result

    def _python_size(self, op, left, right) -> None:
        """Before arithmetic on Python values: how big an integer, string or list the result would be."""
        ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
        if op is ast.Pow and ints:
            self.budget.power_bits(left, right)
        elif op is ast.LShift and ints:
            self.budget.power_bits(2, right + left.bit_length())
        elif op is ast.Mult and ints:
            if left.bit_length() + right.bit_length() > self.budget.limits.int_bits:
                raise self.budget.over("int_bits", left.bit_length() + right.bit_length())
        elif op is ast.Mult and isinstance(left, (str, list, tuple)) and isinstance(right, int):
            self._length(left, len(left) * max(0, right))
        elif op is ast.Mult and isinstance(right, (str, list, tuple)) and isinstance(left, int):
            self._length(right, len(right) * max(0, left))
        elif op is ast.Add and isinstance(left, (str, list, tuple)) and type(left) is type(right):
            self._length(left, len(left) + len(right))
        elif op is ast.Mod and isinstance(left, str):
            percent_size(left, right, self.budget)

    def _length(self, kind: object, length: int) -> None:
        """A string of `length` characters, or a list or tuple of `length` items, about to be made."""
        if isinstance(kind, str):
            self.budget.text(length)
        else:
            self.budget.sequence(length)
            self.budget.making(length)

    def unary(self, op: ast.unaryop, value):
        if isinstance(op, ast.Not):
            return not self.truth(value)
        if not isinstance(value, (bool, int, float, torch.Tensor)):
            raise TypeError(f"bad operand type for unary operator: '{type_name(value)}'")
        fn = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}[type(op)]
        return self.made(fn(value))

    def boolean(self, node: ast.BoolOp):
        value = None
        for part in node.values:
            value = self.value_of(part)
            if isinstance(node.op, ast.And) != self.truth(value):
                return value
        return value

    def compare(self, node: ast.Compare):
        left = self.value_of(node.left)
        result = True
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.value_of(comparator)
            for value in (left, right):
                if not isinstance(value, OPERAND) and type(op) not in (ast.Is, ast.IsNot):
                    raise TypeError(f"'{type_name(left)}' and '{type_name(right)}' cannot be compared here")
            if isinstance(left, torch.Tensor) or isinstance(right, torch.Tensor):
                broadcast(self.budget, left, right)
            elif isinstance(left, (list, tuple)) or isinstance(right, (list, tuple)):  # walks nested lists
                items([left, right], self.budget)
            result = self.made(COMPARE[type(op)](left, right))
            if len(node.ops) > 1 and not self.truth(result):
                return result
            left = right
        return result

    def index(self, node: ast.expr):
        """What goes between the brackets: numbers, slices, None, ..., tensors, or a tuple of these."""
        if isinstance(node, ast.Slice):
            parts = (self.value_of(p) if p is not None else None for p in (node.lower, node.upper, node.step))
            return slice(*parts)
        if isinstance(node, ast.Tuple):
            return tuple(self.index(e) for e in node.elts)
        return self.value_of(node)

    def subscript(self, owner, index):
        if isinstance(owner, Range):  # range(10 ** 8)[5]: a range is indexed as a range, never unrolled
            found = range(owner.start, owner.stop, owner.step)[plain(self.budget, index)]
            return Range(found.start, found.stop, found.step) if isinstance(found, range) else found
        if isinstance(owner, Array):  # numbers and slices only: a view, never larger
            return item(self, owner, index)
        index = plain(self.budget, index)
        if isinstance(owner, torch.Tensor):
            indexing(self.budget, owner, index)
            return self.made(owner[index])
        if isinstance(owner, ModuleValue) and isinstance(owner.module, torch.nn.Sequential):
            return ModuleValue(owner.module[index])
        if isinstance(owner, dict):
            return owner[index]
        if isinstance(owner, (list, tuple, str, torch.Size)):
            found = owner[index]
            if isinstance(index, slice):
                self.budget.making(len(found))
            return found
        raise TypeError(f"'{type_name(owner)}' object is not subscriptable")

    def set_item(self, owner, index, value) -> None:
        index = plain(self.budget, index)
        if isinstance(owner, torch.Tensor):
            self.recorder.changed(owner)
            owner[index] = plain(self.budget, value)
        elif isinstance(owner, list):
            if isinstance(index, slice):  # l[0:0] = l grows the list: by how much, before it does
                removed = len(range(*index.indices(len(owner))))
                added = len(value) if isinstance(value, (list, tuple, str)) else 0
                self.budget.sequence(len(owner) - removed + added)
                self.budget.making(added)
            owner[index] = value
        elif isinstance(owner, dict):
            if index not in owner:
                self.budget.sequence(len(owner) + 1)
                self.budget.making(1)
            owner[index] = value
        else:
            raise TypeError(f"'{type_name(owner)}' object does not support item assignment")
