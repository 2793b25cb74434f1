import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3
y.backward()
print(x.grad)
y.backward()  # the first call freed what PowBackward0 saved (x): retain_graph=True keeps it
