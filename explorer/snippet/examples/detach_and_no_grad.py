import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 2
print(y.requires_grad, y.grad_fn is not None)

z = y.detach()  # the same number, cut off from the graph
print(z, z.requires_grad)

with torch.no_grad():  # nothing computed in here is recorded
    u = x * 3
print(u, u.requires_grad)

u.backward()  # u has no grad_fn: there is no graph to walk back
