"""The snippet interpreter's results, hand-worked: names and shapes on the graph, the classic mistakes'
notes, the worker's JSON round trip, links that carry code, and the CLI's contract."""

from __future__ import annotations

import io
import json
import math
import sys

import pytest
import torch

from explorer.__main__ import main
from explorer.share.links import read, write
from explorer.share.pages import CODE_PAGE
from explorer.share.setting import pack, unpack
from explorer.snippet import run
from explorer.snippet.catalog import EXAMPLES
from explorer.snippet.result import from_data, to_data
from explorer.traced.mistakes import explanation
from explorer.traced.text import TensorInfo

SOURCE = {e.file.removesuffix(".py"): e.source for e in EXAMPLES}


def nodes(graph):
    return [(n.op, n.name or n.variable, n.shape) for n in graph.nodes]


def test_the_tutorials_loss_carries_the_scripts_names_and_shapes():
    result = run(SOURCE["tutorial_loss"])
    assert (result.graph_name, result.from_backward) == ("loss", True)
    assert nodes(result.graph) == [
        ("MseLossBackward0", "loss", ()), ("AddmmBackward0", "pred", (5, 2)),
        ("AccumulateGrad", "linear.bias", (2,)), ("TBackward0", None, (3, 2)),
        ("AccumulateGrad", "linear.weight", (2, 3)),
    ]  # fmt: skip
    linear = {n.variable: n for n in result.graph.nodes if n.variable}
    assert torch.equal(linear["linear.weight"].grad, linear["linear.weight"].grad)  # .grad as backward left it
    assert result.losses == [pytest.approx(1.3426, abs=1e-4)]  # the lab's default run: seed 0 (no manual_seed)


def test_a_broadcast_bias_receives_the_batch_and_gets_its_own_shape():
    graph = run(SOURCE["broadcast_bias"]).graph
    ids = {n.name or n.variable: n.id for n in graph.nodes}
    into_bias = [e for e in graph.edges if e.target == ids["b"]]
    (edge,) = into_bias
    assert tuple(edge.grad.shape) == (2,) and torch.equal(edge.grad, torch.tensor([5.0, 5.0]))  # summed over 5 rows
    (add,) = [n for n in graph.nodes if n.name == "out"]
    assert (add.op, add.shape, tuple(add.grad.shape)) == ("AddBackward0", (5, 2), (5, 2))


def test_the_graph_of_a_named_tensor_the_walk_went_through_is_its_part_of_the_walk():
    result = run(SOURCE["tutorial_loss"], graph_of="pred")
    assert (result.graph_name, result.from_backward) == ("pred", True)
    assert [n.op for n in result.graph.nodes] == ["AddmmBackward0", "AccumulateGrad", "TBackward0", "AccumulateGrad"]
    assert result.graph.walk.part_of == "loss.backward()" and result.graph.walk.seed.shape == (5, 2)
    assert [result.graph.node(s.node).op for s in result.graph.steps] == ["AddmmBackward0", "AccumulateGrad",
                                                                          "TBackward0", "AccumulateGrad"]


def test_the_graph_of_a_named_tensor_without_backward():
    source = "import torch\nx = torch.ones(2, requires_grad=True)\n(x * 2).sum().backward()\nw = x * 3\n"
    result = run(source, graph_of="w")
    assert (result.graph_name, result.from_backward) == ("w", False)
    assert [n.op for n in result.graph.nodes] == ["MulBackward0", "AccumulateGrad"]
    assert result.graph.steps == () and result.graph.walk is None
    assert result.graph.nodes[1].held.tolist() == [2.0, 2.0]  # the .grad x holds, from the earlier backward()
    assert run("import torch\nx = torch.ones(2)\ny = x * 2", graph_of="y").graph is None  # nothing requires grad


@pytest.mark.parametrize(
    ("example", "key", "params"),
    [
        ("non_scalar_backward", "mistake.non_scalar", {}),
        ("inplace_saved", "mistake.inplace_saved", {"op": "Exp", "now": "1", "then": "0", "output": "0",
                                                     "tensor": "torch.FloatTensor [3]"}),
        ("inplace_leaf", "mistake.inplace_leaf", {}),
        ("integer_requires_grad", "mistake.integer_grad", {}),
        ("detach_and_no_grad", "mistake.no_grad_fn", {}),
        ("backward_twice", "mistake.backward_twice", {}),
    ],
)  # fmt: skip
def test_each_classic_mistake_gets_pytorchs_error_and_a_plain_note(example, key, params):
    result = run(SOURCE[example])
    assert result.error is not None and result.error.raised.type == "RuntimeError"
    assert explanation(result.error.raised.message) == (key, params)


def test_reading_the_grad_of_a_non_leaf_is_a_warning_with_the_retain_grad_note():
    result = run(SOURCE["retain_grad"])
    (warned,) = result.warnings
    assert (warned.line, warned.category) == (7, "UserWarning")
    assert explanation(warned.message)[0] == "mistake.non_leaf_grad"
    assert result.output.splitlines() == ["None", "tensor(12.)", "tensor(36.)"]


def test_the_workers_json_round_trip_keeps_the_graph():
    result = run(SOURCE["mlp_adam"])
    back = from_data(json.loads(json.dumps(to_data(result))))
    assert back.output == result.output and back.losses == result.losses
    assert nodes(back.graph) == nodes(result.graph)
    for a, b in zip(back.graph.nodes, result.graph.nodes, strict=True):
        assert (a.value is None) == (b.value is None)
        if isinstance(b.value, torch.Tensor):
            assert torch.equal(a.value, b.value)
    big = run("import torch\nx = torch.randn(200, 200, requires_grad=True)\ny = (x * 2).sum()\ny.backward()")
    carried = from_data(json.loads(json.dumps(to_data(big))))
    leaf = next(n for n in carried.graph.nodes if n.variable == "x")
    assert isinstance(leaf.value, TensorInfo) and leaf.value.shape == (200, 200)  # 40,000 > 10,000: summarized
    assert leaf.value.lo < 0 < leaf.value.hi


def test_non_finite_numbers_cross_the_wire():
    result = run("import torch\nx = torch.tensor([0.0, 1.0], requires_grad=True)\ny = torch.log(x).sum()\n"
                 "y.backward()")  # fmt: skip
    back = from_data(json.loads(json.dumps(to_data(result))))
    (leaf,) = [n for n in back.graph.nodes if n.variable == "x"]
    assert leaf.grad.tolist() == [math.inf, 1.0]


def test_links_carry_the_code_compressed_and_refuse_anything_else():
    source = SOURCE["tutorial_loss"]
    link = write({"code_source": source, "code_graph_of": "pred", "code_walk": True}, (), CODE_PAGE)
    assert set(link) == {"code", "graph", "walk"} and len(link["code"]) < len(source.encode("utf-8"))
    values, problems = read(link, CODE_PAGE)
    assert problems == [] and values == {"code_source": source, "code_graph_of": "pred", "code_walk": True}
    assert unpack(pack("x = 1")) == "x = 1"
    bomb = pack("a" * 5_000_000)
    for bad in (bomb, "not base64!", "AAAA"):
        _, problems = read({"code": bad}, CODE_PAGE)
        assert [p.parameter for p in problems] == ["code"]
    _, problems = read({"graph": "__class__"}, CODE_PAGE)
    assert [p.parameter for p in problems] == ["graph"]


def cli(argv, capsys, stdin: str | None = None):
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        status = main(argv)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_run_prints_exactly_what_print_printed(tmp_path, capsys):
    path = tmp_path / "snippet.py"
    path.write_text(SOURCE["tutorial_example5"], encoding="utf-8")
    assert cli(["run", str(path)], capsys) == (0, "tensor(6.1820)\n", "")
    assert cli(["run", "-"], capsys, stdin="print(2 + 3)") == (0, "5\n", "")


def test_cli_run_ends_with_pytorchs_error_line_and_status_1(tmp_path, capsys):
    path = tmp_path / "snippet.py"
    path.write_text(SOURCE["non_scalar_backward"], encoding="utf-8")
    status, out, err = cli(["run", str(path)], capsys)
    assert status == 1 and out == "tensor([1., 4., 9.], grad_fn=<PowBackward0>)\n"
    assert err == "RuntimeError: grad can be implicitly created only for scalar outputs\n"


def test_cli_run_json(tmp_path, capsys):
    path = tmp_path / "snippet.py"
    path.write_text(SOURCE["broadcast_bias"], encoding="utf-8")
    status, out, _ = cli(["run", str(path), "--json"], capsys)
    data = json.loads(out)
    assert status == 0 and set(data) == {"output", "error", "graph", "graph_of", "losses"}
    assert data["error"] is None and data["graph_of"] == "loss"
    node = next(n for n in data["graph"]["nodes"] if n["variable"] == "b")
    assert set(node) == {"id", "op", "name", "shape", "value", "grad", "variable", "grad_before", "arrived",
                         "held_from"}
    assert (node["shape"], node["value"], node["grad"], node["grad_before"]) == ([2], [0.0, 0.0], [5.0, 5.0], None)
    edge = next(e for e in data["graph"]["edges"] if e["to"] == node["id"])
    assert set(edge) == {"from", "to", "slot", "shape", "grad", "reduced"} and edge["shape"] == [2]
    assert data["graph"]["walk"]["seed"] == 1.0 and data["graph"]["walk"]["call"] == "loss.backward()"
    assert data["graph"]["backward_order"][0] == data["graph"]["nodes"][0]["id"]
    path.write_text(SOURCE["tutorial_loss"], encoding="utf-8")
    _, out, _ = cli(["run", str(path), "--json", "--graph-of", "pred"], capsys)
    assert json.loads(out)["graph_of"] == "pred"
    path.write_text("import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\n(x * x).backward()", "utf-8")
    status, out, _ = cli(["run", str(path), "--json"], capsys)
    message = "grad can be implicitly created only for scalar outputs"
    assert status == 1 and json.loads(out)["error"] == {"type": "RuntimeError", "message": message, "line": 3}
