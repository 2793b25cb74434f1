# %% [markdown]
# # Your own model's autograd graph, in a notebook
# A small MLP on random data: draw the graph PyTorch records for its loss, run backward() watched,
# and look at what flowed. Each `# %%` is a notebook cell; in Jupyter a drawing shows itself.

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

import explorer

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
x = torch.randn(16, 4)
target = torch.randint(0, 3, (16,))

# %%
loss = F.cross_entropy(model(x), target)
before = explorer.show(loss, names=model)  # ops, values, shapes and saved tensors; no gradients yet
before  # noqa: B018 (a cell's last expression is what the notebook shows)

# %%
drawing = explorer.backward(loss, names=model)  # loss.backward(), with every node watched
drawing  # noqa: B018

# %%
data = drawing.data()  # the same plain data as `python -m explorer run --json`
order = [next(n["op"] for n in data["nodes"] if n["id"] == i) for i in data["backward_order"]]
print("the engine ran:", " → ".join(order))
print("0.weight.grad is PyTorch's own:", torch.equal(model[0].weight.grad,
      torch.tensor(next(n["grad"] for n in data["nodes"] if n["variable"] == "0.weight"))))
drawing.save("mlp_graph.svg")
