"""The Python API (explorer.show, explorer.backward) on the tutorial's loss and on a module defined
here: names, shapes, values and gradients against PyTorch's own, the SVG, the saved files, and the
notebook-style example run as it is."""

from __future__ import annotations

import json
import runpy
from collections import Counter
from pathlib import Path

import pytest
import torch
import torch.nn as nn

import explorer

ROOT = Path(__file__).resolve().parents[1]


def tutorial_loss(seed: int = 0):
    """The tutorial's loss cell: nn.Linear(3, 2) on a batch of 5, MSELoss."""
    torch.manual_seed(seed)
    x, y = torch.randn(5, 3), torch.randn(5, 2)
    linear = nn.Linear(3, 2)
    return linear, nn.MSELoss()(linear(x), y)


def by_variable(drawing) -> dict:
    return {n.variable: n for n in drawing.graph.nodes if n.variable}


def test_show_before_backward_has_ops_names_shapes_values_and_no_gradients():
    linear, loss = tutorial_loss()
    drawing = explorer.show(loss, names=linear)
    ops = [n.op for n in drawing.graph.nodes]
    assert ops[0] == "MseLossBackward0" and "AddmmBackward0" in ops
    leaves = by_variable(drawing)
    assert set(leaves) == {"weight", "bias"}
    assert tuple(leaves["weight"].value.shape) == (2, 3) and torch.equal(leaves["weight"].value, linear.weight.detach())
    assert drawing.graph.nodes[0].value.item() == pytest.approx(loss.item())
    assert all(n.grad is None for n in drawing.graph.nodes) and drawing.graph.steps == ()
    assert linear.weight.grad is None  # nothing ran backward


def test_backward_draws_what_flowed_and_leaves_pytorchs_own_grad():
    linear, loss = tutorial_loss()
    reference, again = tutorial_loss()  # the same model and data, differentiated by PyTorch alone
    again.backward()
    drawing = explorer.backward(loss, names=dict(linear.named_parameters()))
    leaves = by_variable(drawing)
    assert torch.equal(linear.weight.grad, reference.weight.grad)  # backward ran as the user's own call
    assert torch.equal(leaves["weight"].grad, reference.weight.grad)
    assert torch.equal(leaves["bias"].grad, reference.bias.grad)
    assert drawing.graph.nodes[0].grad.item() == 1.0  # d(loss)/d(loss)
    data = drawing.data()
    assert data["backward_order"][0] == data["nodes"][0]["id"]  # the engine starts at the loss
    assert json.loads(json.dumps(data)) == data


def test_a_module_defined_here_gets_its_dotted_names_and_named_results():
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))
    torch.manual_seed(1)
    x = torch.randn(6, 2)
    hidden = model[1](model[0](x))
    out = model[2](hidden).sum()
    names = {**dict(model.named_parameters()), "hidden": hidden}
    drawing = explorer.backward(out, names=names, output="out")
    assert set(by_variable(drawing)) == {"0.weight", "0.bias", "2.weight", "2.bias"}
    tanh = next(n for n in drawing.graph.nodes if n.op == "TanhBackward0")
    assert tanh.name == "hidden" and torch.equal(tanh.value, hidden.detach())
    assert torch.equal(by_variable(drawing)["0.weight"].grad, model[0].weight.grad)


def test_the_drawing_renders_and_saves(tmp_path):
    linear, loss = tutorial_loss()
    drawing = explorer.backward(loss, names=linear)
    svg = drawing._repr_svg_()
    assert "<svg" in svg and "MseLossBackward0" in svg and "weight" in svg
    assert drawing.save(tmp_path / "g.svg").read_text().startswith("<?xml")
    assert drawing.save(tmp_path / "g.dot").read_text().startswith("digraph")
    assert json.loads(drawing.save(tmp_path / "g.json").read_text())["nodes"][0]["op"] == "MseLossBackward0"
    with pytest.raises(ValueError, match=".svg, .dot or .json"):
        drawing.save(tmp_path / "g.png")


def test_a_tensor_without_a_graph_is_named_as_such():
    with pytest.raises(ValueError, match="has no graph"):
        explorer.show(torch.ones(3))


def test_the_notebook_example_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(ROOT / "examples" / "notebook_mlp.py"))
    printed = capsys.readouterr().out
    assert "the engine ran: NllLossBackward0" in printed and "is PyTorch's own: True" in printed
    assert (tmp_path / "mlp_graph.svg").read_text().count("<g id=\"node") >= 8


def svg_texts(svg: str) -> list[str]:
    """The words the SVG shows, as a reader sees them."""
    import html
    import re

    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_the_seed_of_backward_gradient_v_is_v_in_the_record_the_dot_and_the_svg():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x + x[0] * x
    drawing = explorer.backward(y, names={"x": x}, output="y", gradient=torch.tensor([1.0, 0.0, 1.0]))
    assert drawing.graph.walk.seed.tolist() == [1.0, 0.0, 1.0]
    assert x.grad.tolist() == [7.0, 0.0, 7.0]
    assert 'output [label="y\\ngrad = [1, 0, 1]"' in drawing.dot
    texts = svg_texts(drawing.svg())
    assert "grad = [1, 0, 1]" in texts and not any("->" in t for t in texts)  # no junk edge labels
    leaf = by_variable(drawing)["x"]
    pairs = Counter((e.source, e.target) for e in drawing.graph.edges if e.target == leaf.id)
    ((mul, _), twice), = [(pair, n) for pair, n in pairs.items() if n > 1]
    assert twice == 2 and drawing.dot.count(f"{mul} -> {leaf.id}") == 2  # x*x: both of PyTorch's edges
    total = torch.stack([e.grad for e in drawing.graph.edges if e.target == leaf.id]).sum(0)
    assert total.tolist() == x.grad.tolist()  # the edges into x add up to its .grad
    assert texts.count("[1, 0, 3]") == 2  # each edge of x*x carries g·x, drawn on its own curve


def test_show_after_backward_reads_each_leafs_grad_and_says_where_it_came_from():
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    torch.manual_seed(2)
    out = model(torch.randn(5, 3)).sum()
    out.backward()
    drawing = explorer.show(out, names=model)
    assert drawing.graph.walk is None and drawing.graph.steps == ()
    for name, parameter in model.named_parameters():
        assert torch.equal(by_variable(drawing)[name].held, parameter.grad)
    dot = drawing.dot
    assert dot.count("(from an earlier backward())") == 4
    assert "= ?" not in dot and "\\ngrad " not in dot  # nothing unknown written, no gradient without a walk
    assert "= freed" not in dot
    assert "was freed by the backward() that ran" in dot  # freed saved tensors: said once, for the graph


def test_a_second_drawn_backward_shows_grad_before_and_after():
    w = torch.tensor(1.0, requires_grad=True)
    for _ in range(2):
        explorer.backward((3 * w - 2) ** 2, names={"w": w})
    drawing = explorer.backward((3 * w - 2) ** 2, names={"w": w})
    leaf = by_variable(drawing)["w"]
    assert (leaf.held_before.item(), leaf.held.item(), w.grad.item()) == (12.0, 18.0, 18.0)
    assert ".grad 12 → 18" in drawing.dot


def test_a_failed_backward_is_raised_and_the_walk_has_no_seed_drawn_as_one():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        explorer.backward(x * 2, names={"x": x})
