"""Tensor autograd made visible, checked by hand and against PyTorch: where the engine summed a gradient to a
broadcast input's shape, the matrix rules' shapes, vᵀJ against backward(gradient=v), and training."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch

from explorer.__main__ import main
from explorer.draw.dot import to_dot
from explorer.snippet import SEED, run
from explorer.snippet.along import along
from explorer.snippet.catalog import EXAMPLES
from explorer.snippet.limits import Limits
from explorer.traced.rules import rule
from explorer.traced.shapes import on_edge, reshaping

SOURCE = {e.file.removesuffix(".py"): e.source for e in EXAMPLES}


def edges_into(graph, name):
    ids = {n.variable or n.name: n.id for n in graph.nodes}
    return [e for e in graph.edges if e.target == ids[name]]


@pytest.mark.parametrize(
    ("snippet", "leaf", "kind", "source", "target", "dims"),
    [
        (SOURCE["broadcast_bias"], "b", "summed", (5, 2), (2,), (0,)),  # the bias over the batch
        ("import torch\na = torch.ones(3, 1, requires_grad=True)\nb = torch.ones(1, 4, requires_grad=True)\n"
         "(a + b).sum().backward()", "a", "summed", (3, 4), (3, 1), (1,)),
        ("import torch\na = torch.ones(3, 1, requires_grad=True)\nb = torch.ones(1, 4, requires_grad=True)\n"
         "(a + b).sum().backward()", "b", "summed", (3, 4), (1, 4), (0,)),
        ("import torch\nx = torch.ones(3, 1, requires_grad=True)\nx.expand(3, 4).sum().backward()", None,
         "summed", (3, 4), (3, 1), (1,)),  # ExpandBackward0 -> x
    ],
)  # fmt: skip
def test_reductions_are_the_hand_worked_ones(snippet, leaf, kind, source, target, dims):
    graph = run(snippet).graph
    if leaf is None:
        (edge,) = [e for e in graph.edges if graph.node(e.source).op == "ExpandBackward0"]
    else:
        (edge,) = edges_into(graph, leaf)
    found = on_edge(graph, edge)
    assert (found.kind, found.source, found.target, found.dims) == (kind, source, target, dims)
    received = graph.node(edge.source).grad
    assert torch.equal(edge.grad, received.sum(dim=dims, keepdim=len(target) == len(source)).reshape(target))


def test_sums_and_means_spread_their_gradient_back_and_views_reshape_it():
    graph = run("import torch\nx = torch.ones(3, 4, requires_grad=True)\ny = x.sum(dim=1)\nz = y.view(1, 3)\n"
                "z.mean().backward()").graph  # fmt: skip
    kinds = {graph.node(e.source).op: on_edge(graph, e) for e in graph.edges}
    assert (kinds["SumBackward1"].kind, kinds["SumBackward1"].dims) == ("spread", (1,))
    assert kinds["ViewBackward0"].kind == "reshaped" and kinds["MeanBackward0"].kind == "spread"
    assert reshaping("MmBackward0", (5, 2), (5, 3)) is None  # another tensor's gradient, not a reshape
    assert reshaping("TBackward0", (3, 2), (2, 3)) is None


def test_the_cli_json_says_where_a_gradient_was_reduced(tmp_path, capsys):
    path = tmp_path / "bias.py"
    path.write_text(SOURCE["broadcast_bias"], encoding="utf-8")
    assert main(["run", str(path), "--json"]) == 0
    edges = json.loads(capsys.readouterr().out)["graph"]["edges"]
    assert [e["reduced"] for e in edges if e["reduced"]] == [{"from": [5, 2], "to": [2], "dims": [0]}]
    assert all("reduced" in e for e in edges)


def test_a_matrix_products_gradients_have_the_rules_shapes_and_numbers():
    graph = run("import torch\ntorch.manual_seed(3)\nA = torch.randn(5, 3, requires_grad=True)\n"
                "B = torch.randn(3, 2, requires_grad=True)\nC = A @ B\n(C * C).sum().backward()").graph  # fmt: skip
    (mm,) = [n for n in graph.nodes if n.op == "MmBackward0"]
    a = next(n for n in graph.nodes if n.variable == "A").value
    b = next(n for n in graph.nodes if n.variable == "B").value
    g = mm.grad  # (5, 2), shaped like C
    sent = {graph.node(e.target).variable: e.grad for e in graph.edges if e.source == mm.id}
    assert tuple(g.shape) == (5, 2) and tuple(sent["A"].shape) == (5, 3) and tuple(sent["B"].shape) == (3, 2)
    assert torch.allclose(sent["A"], g @ b.T) and torch.allclose(sent["B"], a.T @ g)  # G Bᵀ and Aᵀ G
    assert "G\\,B^{\\top}" in rule("MmBackward0") and "A^{\\top} G" in rule("MmBackward0")
    assert "summed to the shape of M" in rule("AddmmBackward0") and "M の形状" in rule("AddmmBackward0", "ja")


def test_v_transpose_j_from_the_matrix_equals_backward_with_gradient_v():
    snippet = ("import torch\nx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"
               "w = torch.tensor(0.5, requires_grad=True)\ny = torch.sin(x) * w\n"
               "y.backward(gradient=torch.tensor([1.0, -2.0, 0.5]))")
    found = run(snippet, jacobian_of="y").jacobian
    x0, w0 = torch.tensor([1.0, 2.0, 3.0]), torch.tensor(0.5)
    jx, jw = torch.autograd.functional.jacobian(lambda x, w: torch.sin(x) * w, (x0, w0))  # the independent J
    assert torch.allclose(found.rows["x"], jx) and torch.allclose(found.rows["w"], jw.reshape(3, 1))
    assert torch.equal(found.v, torch.tensor([1.0, -2.0, 0.5]))
    for leaf, vjp in found.vjp().items():
        assert torch.allclose(vjp, found.by_backward[leaf], atol=1e-6), leaf
    ones = run(SOURCE["non_scalar_fixes"], jacobian_of="y").jacobian
    assert torch.equal(ones.v, torch.ones(3)) and torch.equal(ones.by_backward["x"], torch.tensor([2.0, 4.0, 6.0]))


MLP_REFERENCE = f"""
import json, runpy, sys, io
from contextlib import redirect_stdout
import torch
torch.manual_seed({SEED})
losses, steps = [], []
real_step = torch.optim.Adam.step
def step(self, *args, **kwargs):
    steps.append([float(self.param_groups[0]["params"][0].detach().reshape(-1)[0])])
    return real_step(self, *args, **kwargs)
torch.optim.Adam.step = step
real_backward = torch.Tensor.backward
def backward(self, *args, **kwargs):
    losses.append(self.item())
    return real_backward(self, *args, **kwargs)
torch.Tensor.backward = backward
with redirect_stdout(io.StringIO()):
    runpy.run_path(sys.argv[1])
print(json.dumps([losses, steps]))
"""  # the reference watches real PyTorch run the trusted example file


def test_the_mlps_training_is_what_real_pytorch_does(tmp_path):
    path = tmp_path / "mlp.py"
    path.write_text(SOURCE["mlp_adam"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", MLP_REFERENCE, str(path)], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    losses, firsts = json.loads(done.stdout)
    result = run(SOURCE["mlp_adam"])
    assert result.losses == losses and len(losses) == 5
    assert [b["model.0.weight"] for b in result.training.before] == [f[0] for f in firsts]
    assert result.training.steps == 5 and set(result.training.names) == {"model.0.weight", "model.0.bias",
                                                                         "model.2.weight", "model.2.bias"}  # fmt: skip


def test_gradients_pile_up_step_after_step_without_zero_grad():
    snippet = ("import torch\nw = torch.tensor([1.0], requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.01)\n"
               "for i in range(4):\n    loss = (3 * w - 2).pow(2).sum()\n    loss.backward()\n"
               "    opt.step()")
    norms = [n["w"] for n in run(snippet).training.grad_norms]
    by_hand, w = [], 1.0  # each step adds 6 (3w - 2) to the grad that was never zeroed, then moves w
    for _ in range(4):
        by_hand.append((by_hand[-1] if by_hand else 0.0) + 6 * (3 * w - 2))
        w -= 0.01 * by_hand[-1]
    assert norms == pytest.approx(by_hand, rel=1e-5) and norms[-1] > 2 * norms[0]  # 6, 10.92, 13.87, 14.33


def test_the_loss_along_one_element_is_the_replayed_snippets_with_autograds_tangent():
    found = along(SOURCE["tutorial_loss"], "linear.weight", 0, 0.5, Limits())
    assert found.problem is None and len(found.offsets) == len(found.losses) == 11
    base = run(SOURCE["tutorial_loss"])
    assert found.losses[5] == base.losses[0] and found.slope == base.first_grads["linear.weight"][0]
    moved = run(SOURCE["tutorial_loss"].replace("linear = nn.Linear(3, 2)", "linear = nn.Linear(3, 2)\n"
                                                "with torch.no_grad():\n    linear.weight[0, 0] += 0.5"))  # fmt: skip
    assert found.losses[-1] == pytest.approx(moved.losses[0], abs=1e-6)  # the replay moved just that element
    slope = (found.losses[6] - found.losses[4]) / (found.offsets[6] - found.offsets[4])
    assert slope == pytest.approx(found.slope, rel=0.05)  # the loss's secant at 0 ~ autograd's gradient
    assert along("print(1)", "x", 0, 1.0, Limits()).problem == "no_loss"


def test_a_loop_that_chains_nearly_the_largest_graph_is_walked_and_drawn_without_deep_recursion():
    snippet = ("import torch\nx = torch.randn(3, requires_grad=True)\nh = x\nfor i in range(650):\n"
               "    h = torch.tanh(h * 0.9 + 0.1)\nloss = h.sum()\nloss.backward()\n")  # fmt: skip
    result = run(snippet)
    assert result.error is None and len(result.graph.nodes) == 3 * 650 + 2  # Sum, 650 × (Tanh, Add, Mul), x
    dot = to_dot(result.graph, "loss")
    assert dot.count("->") == len(result.graph.edges) + 1  # and the arrow into the output
    assert "group=spine" in dot.replace("\"", "")
