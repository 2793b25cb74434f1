import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
x = torch.randn(4, 3, requires_grad=True)
w = torch.randn(3, 2, requires_grad=True)
h = F.relu(x @ w)
out = F.softmax(h, dim=1)
loss = -torch.log(out[:, 0]).mean()
print(h.grad_fn, out.requires_grad, loss.grad_fn.name(), h.is_leaf, x.is_leaf)
grads = torch.autograd.grad(loss, [x, w], retain_graph=True)
print(grads[0].shape, grads[1])
loss.backward()
print(torch.allclose(w.grad, grads[1]), x.grad.shape)
print(loss.grad_fn.next_functions[0][0].name())

model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
print(model)
print(model[0], model[0].weight.shape, len(list(model.parameters())))
for name, p in model.named_parameters():
    print(name, p.shape, p.requires_grad)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
print(opt)
target = torch.randn(4, 1)
for step in range(3):
    opt.zero_grad()
    l = F.mse_loss(model(x.detach()), target)
    l.backward()
    opt.step()
    print(step, round(l.item(), 4), model[0].bias.grad is None)
ce = nn.CrossEntropyLoss()
logits = torch.randn(3, 5, requires_grad=True)
labels = torch.tensor([1, 0, 4])
c = ce(logits, labels)
c.backward()
print(c, logits.grad.sum(dim=1))
with torch.no_grad():
    z = x * 2
print(z.requires_grad, torch.is_grad_enabled())
w.requires_grad_(False)
print(w.requires_grad, (x @ w).grad_fn)
p = nn.Parameter(torch.ones(2))
print(p)
