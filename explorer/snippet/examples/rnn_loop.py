import torch

# A loop that builds its graph step by step: the same weights are used at every step,
# so their gradients add up over all 30 steps (backpropagation through time).
torch.manual_seed(0)
W = torch.randn(3, 3, requires_grad=True)  # hidden -> hidden
U = torch.randn(3, 2, requires_grad=True)  # input -> hidden
xs = torch.randn(30, 2)  # 30 time steps of 2 features
h = torch.zeros(3)
for x in xs:
    h = torch.tanh(W @ h + U @ x)
loss = h.pow(2).sum()
loss.backward()
print('loss:', loss)
print('dL/dW:', W.grad)
print('dL/dU:', U.grad)
