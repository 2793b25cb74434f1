import torch

torch.manual_seed(0)
x = torch.randn(5, 3)
W = torch.randn(2, 3, requires_grad=True)
b = torch.zeros(2, requires_grad=True)
out = x @ W.T + b  # b (2,) is broadcast over the 5 rows of x @ W.T (5, 2)
loss = out.sum()
loss.backward()
print(out.shape, b.grad)  # each element of b was used 5 times: its gradient is 5
print(W.grad)
