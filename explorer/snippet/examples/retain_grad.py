import torch

x = torch.tensor(2.0, requires_grad=True)
h = x * 3  # a non-leaf: PyTorch does not keep its .grad
y = h ** 2
y.backward()
print(h.grad)  # None, with a warning

x2 = torch.tensor(2.0, requires_grad=True)
h2 = x2 * 3
h2.retain_grad()  # ask PyTorch to keep it
y2 = h2 ** 2
y2.backward()
print(h2.grad)  # dy/dh = 2h = 12
print(x2.grad)  # dy/dx = 2h * 3 = 36
