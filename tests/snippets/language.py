import math

import torch

# numbers, strings, lists, tuples, slicing, unpacking, loops, conditions, f-strings
a, b = 3, 4.5
print(a + b, a * b, a / 2, a // 2, a % 2, a ** 2, -a, abs(-b), round(b), min(a, b), max([a, b, 2]))
print(a < b <= 5, a == 3 and b > 4, not a, a if b > 4 else b, 1 if 0 else 2)
names = ["x", "y", "z"]
print(names[0], names[-1], names[1:], len(names), names + ["w"], names * 2)
for i, name in enumerate(names):
    if i == 1:
        continue
    print(i, name)
for i in range(10, 0, -3):
    print(i, end=" ")
print()
total = 0
for i in range(100):
    total += i
    if total > 50:
        break
print(total, sum([1, 2, 3]), list(range(3)), tuple(range(2)), list(zip([1, 2], [3, 4])))
print(f"{a} and {b:.2f}, {math.pi:.4f} {a!r} {'text'}", str(2.5), float("1.5"), int(3.9), bool(0))
print(math.sqrt(16.0), math.exp(0.0), math.e)
x = torch.arange(6.0).reshape(2, 3)
print(x[0], x[:, 1], x[1, 2], x[..., 0], x[0, None].shape, x.T.shape)
print(x.shape, x.shape[0], len(x.shape), x.size(), x.size(1), x.dim(), x.numel(), x.dtype)
print(x.sum(), x.sum(dim=0), x.mean(dim=1, keepdim=True), x.max(), x.argmax(), x.min(dim=1))
print(torch.cat([x, x], dim=0).shape, torch.stack([x, x]).shape, x.view(3, 2), x.flatten(), x.unsqueeze(0).shape)
print(torch.zeros(2), torch.ones(2, dtype=torch.float64), torch.full((2,), 7.0), torch.eye(2), torch.linspace(0, 1, 3))
print(x.tolist(), x[0, 0].item(), x > 2, (x > 2).sum(), torch.where(x > 2, x, torch.zeros(2, 3)))
y = x.clone()
y[0, 0] = 10.0
y += 1
print(y, x)
print(torch.exp(torch.tensor(1.0)), torch.tensor([1, 2]) * 2, torch.tensor([1.5]).to(torch.float64).dtype)
