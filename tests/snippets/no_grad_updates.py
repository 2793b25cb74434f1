# Updating parameters by hand inside no_grad: an element, a slice, a whole tensor, a module's weight.
import torch
import torch.nn as nn

torch.manual_seed(0)
w = torch.ones(3, requires_grad=True)
with torch.no_grad():
    w[0] += 1.0
    w[1:] *= 2.0
    v = w[2]
    v += 1.0
    w[2] = v
print(w, w.requires_grad, w.is_leaf)

linear = nn.Linear(3, 2)
with torch.no_grad():
    linear.weight[0, 0] += 0.5
    linear.bias.zero_()
loss = linear(torch.ones(1, 3)).sum()
loss.backward()
print(linear.weight.grad, linear.bias.grad)
print(w.grad, v.requires_grad)
