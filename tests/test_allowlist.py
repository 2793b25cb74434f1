"""The allowlist is literal data a reviewer reads in one screen per section, and the runtime tables are
exactly what it lists: every name performed by the implementation it names, every implementation named."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import torch

from explorer.snippet import allowlist, tables
from explorer.snippet.tables import AllowlistError, _performed
from explorer.snippet.values import Each, ErrorClass, Function, Marker, Namespace

SOURCE = Path(allowlist.__file__).read_text(encoding="utf-8")
TREE = ast.parse(SOURCE)
SECTIONS = [node.targets[0].id for node in TREE.body if isinstance(node, ast.Assign)]  # type: ignore[attr-defined]
INDEX = ("MODULES", "ATTRIBUTES", "SETTABLE", "METHODS")  # the sections that name other sections
SCREEN = 40  # lines


def test_the_allowlist_is_a_docstring_and_assignments_of_literal_dicts_of_strings():
    docstring, *assignments = TREE.body
    assert isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant)
    assert isinstance(docstring.value.value, str)
    for node in assignments:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.dump(node)[:80]
        assert isinstance(node.targets[0], ast.Name) and node.targets[0].id.isupper()
        assert isinstance(node.value, (ast.Dict, ast.Tuple)), node.targets[0].id


def test_the_allowlist_holds_no_comprehension_call_lambda_or_lookup_only_strings_and_section_names():
    allowed = (ast.Module, ast.Expr, ast.Assign, ast.Dict, ast.Tuple, ast.Constant, ast.Name, ast.Load, ast.Store)
    defined: set[str] = set()
    for statement in TREE.body:
        for node in ast.walk(statement):
            assert isinstance(node, allowed), f"line {getattr(node, 'lineno', '?')}: {type(node).__name__}"
            if isinstance(node, ast.Constant):
                assert isinstance(node.value, str), f"line {node.lineno}: {node.value!r}"
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                assert node.id in defined, f"line {node.lineno}: {node.id} is not a section above it"
            if isinstance(node, ast.Dict):
                assert None not in node.keys, f"line {node.lineno}: ** in a dict"
        if isinstance(statement, ast.Assign):
            defined.add(statement.targets[0].id)  # type: ignore[attr-defined]
            name = statement.targets[0].id  # type: ignore[attr-defined]
            references = {n.id for n in ast.walk(statement.value) if isinstance(n, ast.Name)}
            assert not references or name in INDEX, f"{name} names sections but is not an index"


def test_no_name_is_listed_twice_in_a_section_and_each_section_fits_one_screen():
    for node in TREE.body[1:]:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
        keys = [k.value for k in node.value.keys]  # type: ignore[union-attr]
        assert len(keys) == len(set(keys)), node.targets[0].id  # type: ignore[attr-defined]
        assert node.end_lineno - node.lineno + 1 <= SCREEN, node.targets[0].id  # type: ignore[attr-defined,operator]


def test_every_section_is_a_module_or_a_kind_of_value_in_the_index():
    named = {id(section) for index in INDEX for section in getattr(allowlist, index).values()}
    assert {s for s in SECTIONS if s not in INDEX and id(getattr(allowlist, s)) not in named} == {"BUILTINS"}
    assert list(allowlist.MODULES) == ["torch", "torch.nn", "torch.nn.functional", "torch.optim", "torch.autograd",
                                       "numpy", "math", "matplotlib", "matplotlib.pyplot"]  # fmt: skip


def _sections():
    yield "builtins", allowlist.BUILTINS, tables.PERFORMED["builtins"]
    for module, listed in allowlist.MODULES.items():
        yield module, listed, tables.PERFORMED[module]
    for index, performed in (("ATTRIBUTES", tables.PERFORMED_ATTRIBUTES), ("METHODS", tables.PERFORMED_METHODS),
                             ("SETTABLE", tables.PERFORMED_SETTABLE)):  # fmt: skip
        for kind, listed in getattr(allowlist, index).items():
            yield f"{index}[{kind}]", listed, performed[kind]


@pytest.mark.parametrize(("section", "listed", "implemented"), list(_sections()), ids=[s[0] for s in _sections()])
def test_every_name_has_an_implementation_and_every_implementation_is_named(section, listed, implemented):
    modules = set(allowlist.MODULES) if section in allowlist.MODULES else set()
    assert set(listed.values()) - set(implemented) <= modules
    assert set(implemented) <= set(listed.values())
    assert all(not name.startswith("_") and name.isidentifier() for name in listed)


def test_the_runtime_tables_hold_exactly_the_allowlists_names():
    assert list(tables.BUILTINS) == list(allowlist.BUILTINS)
    assert all(isinstance(f, Function) and f.name == name or isinstance(f, (ErrorClass, Marker)) and f.name == name
               for name, f in tables.BUILTINS.items())  # fmt: skip
    assert list(tables.MODULES) == list(allowlist.MODULES)
    for module, namespace in tables.MODULES.items():
        assert isinstance(namespace, Namespace) and namespace.name == module
        assert list(namespace.members) == list(allowlist.MODULES[module])
    for index in ("ATTRIBUTES", "METHODS", "SETTABLE"):
        runtime, listed = getattr(tables, index), getattr(allowlist, index)
        assert {kind: list(t) for kind, t in runtime.items()} == {kind: list(t) for kind, t in listed.items()}
    listed_names = {n for i in ("ATTRIBUTES", "METHODS") for t in getattr(allowlist, i).values() for n in t}
    members = {n for t in allowlist.MODULES.values() for n in t}
    assert frozenset(listed_names | members) == tables.KNOWN_ATTRIBUTES


def test_a_module_named_as_a_member_is_that_module_and_functions_are_named_as_messages_name_them():
    torch_, nn = tables.MODULES["torch"].members, tables.MODULES["torch.nn"].members
    assert torch_["nn"] is tables.MODULES["torch.nn"] and nn["functional"] is tables.MODULES["torch.nn.functional"]
    assert torch_["optim"] is tables.MODULES["torch.optim"] and torch_["autograd"] is tables.MODULES["torch.autograd"]
    names = {m: {n: f.name for n, f in ns.members.items() if isinstance(f, Function)}
             for m, ns in tables.MODULES.items()}  # fmt: skip
    assert names["torch"]["exp"] == "torch.exp" and names["torch.nn"]["Linear"] == "nn.Linear"
    assert names["torch.nn.functional"]["relu"] == "F.relu" and names["torch.optim"]["SGD"] == "optim.SGD"
    assert names["torch.autograd"]["grad"] == "torch.autograd.grad" and names["numpy"]["sqrt"] == "np.sqrt"
    assert names["math"]["sqrt"] == "math.sqrt"
    assert (torch_["float"], torch_["double"], torch_["long"], torch_["int"]) == (
        torch.float32, torch.float64, torch.int64, torch.int32)  # fmt: skip
    assert tables.MODULES["numpy"].members["pi"] == torch_["pi"] == tables.MODULES["math"].members["pi"]


def test_a_name_without_an_implementation_an_unused_one_or_a_hidden_name_stops_the_import():
    run = lambda it: None  # noqa: E731
    with pytest.raises(AllowlistError, match="no implementation"):
        _performed("T", {"exp": "elementwise"}, {"no_larger": run})
    with pytest.raises(AllowlistError, match="never names: no_larger"):
        _performed("T", {"exp": "elementwise"}, {"elementwise": run, "no_larger": run})
    with pytest.raises(AllowlistError, match="cannot write _C"):
        _performed("T", {"_C": "elementwise"}, {"elementwise": run})
    made = _performed("T", {"exp": "each", "sin": "each"}, {"each": Each(lambda name: name.upper())})
    assert made == {"exp": "EXP", "sin": "SIN"}
