import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x ** 2

# fix 1: reduce to a scalar first; d(sum y)/dx = 2x
y.sum().backward(retain_graph=True)
print(x.grad)

# fix 2: pass the vector v of the vector-Jacobian product v^T J; v = ones gives the same as .sum()
x.grad = None
y.backward(gradient=torch.tensor([1.0, 1.0, 1.0]))
print(x.grad)
