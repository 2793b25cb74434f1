"""States of a walk the common examples never reach, each drawn as PyTorch left it: a walk too large to draw, one
autograd.grad() from several outputs, a part of a walk whose leaf is also fed from outside it, a leaf renamed or
given a .grad by the snippet's own code, a walk that fails before any node runs, a leaf changed in place after
the forward pass, and a leaf no variable holds. Each value is checked against real PyTorch run on the same lines
(these snippets are the test's own, so running them is safe)."""

from __future__ import annotations

import contextlib
import io

import torch

from explorer.draw.dot import svg_dot, to_dot
from explorer.snippet import run as run_snippet
from explorer.snippet.graph_size import MAX_GRAPH


def run(body: str, **options):
    """A snippet as a user writes it: `import torch` on line 1, so the body starts on line 2."""
    return run_snippet("import torch\n" + body, **options)


def python(source: str) -> dict[str, object]:
    """Real Python and PyTorch on a trusted test snippet: its variables at the end."""
    names: dict[str, object] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(source, {"torch": torch}, names)  # noqa: S102 (the test's own snippet, never a user's)
    return names


def leaf(graph, name):
    return next(n for n in graph.nodes if n.variable == name)


LARGE = f"""x = torch.tensor(0.5, requires_grad=True)
y = x
for i in range({MAX_GRAPH}):
    y = y * 1.0001 + 0.001
loss = y * y
loss.backward()
"""


def test_a_walk_too_large_to_draw_is_recorded_and_says_so() -> None:
    result = run(LARGE)
    assert result.error is None
    walk = result.graph.walk
    assert result.graph.nodes == () and walk.undrawn == "large" and walk.call == "loss.backward()" and walk.line == 7
    real = python(LARGE)
    assert result.losses == [real["loss"].item()]  # the training plots still see the loss
    dot = to_dot(result.graph, result.graph_name)
    assert "too many nodes to draw" in dot and "grad = ?" not in dot


SEVERAL = """x = torch.tensor([1., 2.], requires_grad=True)
a = (x * x).sum()
b = (3 * x).sum()
g = torch.autograd.grad([a, b], [x])
print(g)
"""


def test_autograd_grad_from_several_outputs_is_a_walk_recorded_but_not_drawn() -> None:
    result = run(SEVERAL)
    real = python(SEVERAL)
    assert result.output == f"{real['g']}\n"  # (tensor([5., 7.]),): what Python prints
    walk = result.graph.walk
    assert walk.kind == "grad" and walk.undrawn == "outputs" and walk.seed is None and result.graph.nodes == ()
    assert "several outputs" in to_dot(result.graph, result.graph_name)


SHARED = """x = torch.tensor(2., requires_grad=True)
y = x * 3
z = y + x * x
z.backward()
"""


def test_a_part_of_a_walk_gives_its_leaves_their_share_and_the_whole_walks_grad_apart() -> None:
    real = python(SHARED)
    part = run(SHARED, graph_of="y").graph
    assert part.walk.part_of == "z.backward()"
    x = leaf(part, "x")
    assert x.grad.item() == 3.0  # what reached x through y: dy/dx
    assert x.held.item() == real["x"].grad.item() == 7.0  # the whole walk: 3 + 2x
    dot = to_dot(part, "y")
    assert "grad = 3" in dot and ".grad = 7 (the whole walk)" in dot
    whole = run(SHARED).graph
    assert leaf(whole, "x").grad.item() == 7.0  # the whole walk: everything that reached x


RENAMED = """w = torch.tensor(1., requires_grad=True)
(w * 2).backward()
x = w
(x * 3).backward()
"""


def test_a_renamed_leaf_keeps_its_earlier_calls() -> None:
    walk = run(RENAMED).graph.walk
    (found,) = walk.earlier
    assert found.leaf == "x" and found.calls == ((3, "(w * 2).backward()", 1),) and not found.other
    assert python(RENAMED)["x"].grad.item() == 5.0 == leaf(run(RENAMED).graph, "x").held.item()


PERMUTED = """x = torch.tensor([1., 2.], requires_grad=True)
(x * torch.tensor([2., 1.])).sum().backward()
x.grad = torch.tensor([1., 2.])
(x * 1).sum().backward()
"""


def test_a_grad_set_by_the_code_is_not_taken_for_an_earlier_calls_even_with_the_same_sums() -> None:
    (found,) = run(PERMUTED).graph.walk.earlier
    assert found.calls == () and found.other  # [1, 2] after [2, 1]: same sum and absolute sum, another .grad
    assert leaf(run(PERMUTED).graph, "x").held.tolist() == python(PERMUTED)["x"].grad.tolist() == [2.0, 3.0]


def test_without_a_walk_a_leaf_says_what_put_its_grad_there() -> None:
    by_code = run("x = torch.tensor(1., requires_grad=True)\nx.grad = torch.tensor(5.)\ny = x * 2\n", graph_of="y")
    assert by_code.graph.walk is None and leaf(by_code.graph, "x").held_from == "code"
    assert "(set by the snippet's code)" in to_dot(by_code.graph, "y")
    by_walk = run("x = torch.tensor(1., requires_grad=True)\n(x * 3).backward()\ny = x * 2\n", graph_of="y")
    assert leaf(by_walk.graph, "x").held_from == "backward"
    assert "(from an earlier backward())" in to_dot(by_walk.graph, "y")


def test_a_walk_that_fails_before_any_node_is_drawn_with_pytorchs_error() -> None:
    source = "x = torch.tensor(1.)\ny = x * 2\ny.backward()\n"
    result = run(source)
    assert result.error is not None and result.error.raised.type == "RuntimeError"
    walk = result.graph.walk
    assert result.graph.nodes == () and walk.error.startswith("RuntimeError: element 0 of tensors does not require")
    for dot in (to_dot(result.graph, "y"), svg_dot(result.graph, "y")):
        assert "walk_error" in dot and "element 0 of tensors" in dot


CHANGED = """x = torch.tensor(1., requires_grad=True)
y = x * 2
with torch.no_grad():
    x += 1
y.backward()
"""


def test_a_leaf_changed_in_place_after_the_forward_pass_is_said() -> None:
    result = run(CHANGED)
    assert result.graph.walk.changed == (("x", 5),)
    assert leaf(result.graph, "x").value.item() == python(CHANGED)["x"].item() == 2.0  # its value now
    through_data = run("x = torch.tensor(1., requires_grad=True)\ny = x * 2\nx.data.mul_(3)\ny.backward()\n")
    assert through_data.graph.walk.changed == (("x", 4),)  # .data shares x's storage
    before = run("x = torch.tensor(1., requires_grad=True)\nwith torch.no_grad():\n    x += 1\n"
                 "y = x * 2\ny.backward()\n")
    assert before.graph.walk.changed == ()  # changed before y was computed: the drawing is right


def test_a_training_loop_that_steps_before_each_new_loss_is_not_flagged() -> None:
    source = """w = torch.tensor(1.0, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
for step in range(3):
    opt.zero_grad()
    loss = (3 * w - 2) ** 2
    loss.backward()
    opt.step()
"""
    assert run(source).graph.walk.changed == ()
    stale = source + "loss.backward()\n"  # the last loss, walked again after the step changed w
    assert run(stale.replace("loss.backward()\n    opt.step()", "loss.backward(retain_graph=True)\n    opt.step()")
               ).graph.walk.changed == (("w", 8),)  # fmt: skip


def test_a_leaf_no_variable_holds_is_called_by_its_node_never_a_question_mark() -> None:
    result = run("torch.ones(2, requires_grad=True).sum().backward()\n")
    for compact in (False, True):
        dot = to_dot(result.graph, result.graph_name, compact=compact)
        assert "?" not in dot and "AccumulateGrad" in dot
