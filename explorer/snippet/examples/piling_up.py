import torch

w = torch.tensor(1.0, requires_grad=True)
for step in range(3):
    loss = (3 * w - 2) ** 2
    loss.backward()  # adds to w.grad: nothing set it back to zero
    print(step, w.grad)

w.grad = None  # what optimizer.zero_grad() does
for step in range(3):
    loss = (3 * w - 2) ** 2
    loss.backward()
    print(step, w.grad)
    w.grad = None
