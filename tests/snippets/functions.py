# Functions, closures, recursion, while, comprehensions, dicts: d2l's control-flow example and its relatives
import torch


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = torch.randn(size=(), requires_grad=True)
d = f(a)
d.backward()
print(a.grad == d / a)


def scaled(x, scale=2, *rest, shift=0, **named):
    return x * scale + shift + len(rest) + len(named)


print(scaled(1), scaled(1, 3, 4, 5, shift=1, k=2), scaled(*[2, 3], **{"shift": 10}))
square = lambda x: x * x  # noqa: E731
print(square(torch.tensor([1.0, 2.0])), (lambda: 7)())


def counter():
    count = [0]

    def bump(by=1):
        count[0] += by
        return count[0]

    return bump


bump = counter()
bump()
print(bump(5), bump)


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(fact(20))
squares = [i * i for i in range(10) if i % 3 == 0]
pairs = [(i, j) for i in range(3) for j in range(i)]
table = {name: len(name) for name in ["x", "loss", "grad"]}
print(squares, pairs, table, {i % 3 for i in range(10)}, sum(x * x for x in range(5)))
print(sorted([3, 1, 2], reverse=True), sorted(["bb", "a", "ccc"], key=len), any(x > 2 for x in [1, 3]), all([]))
settings = {"lr": 0.1, "steps": 3}
settings["momentum"] = 0.9
for key, value in settings.items():
    print(key, value, sep=" = ", end=";\n")
del settings["lr"]
print(settings, len(settings), list(settings.keys()), settings.get("lr", "none"), "steps" in settings)
n = 0
while True:
    n += 1
    if n > 5:
        break
else:
    print("not reached")
for i in range(2):
    pass
else:
    print("loop ended", i)
assert fact(3) == 6, "fact is wrong"
w = torch.ones(3, requires_grad=True)


def step(x):
    pred = (w * x).sum()
    loss = (pred - 1) ** 2
    loss.backward()
    return loss.item()


losses = [step(torch.tensor([1.0, 2.0, 3.0])) for k in range(2)]
print(losses, w.grad)
