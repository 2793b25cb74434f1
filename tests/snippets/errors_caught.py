# Tutorials show an error and go on: try/except around PyTorch's own errors
import torch

x = torch.ones(2, requires_grad=True)
y = (x * x).sum()
y.backward()
try:
    y.backward()
except RuntimeError as e:
    print("second backward:", e)
try:
    torch.ones(2, 3) @ torch.ones(2, 3)
except (ValueError, RuntimeError) as error:
    print("caught:", error)
else:
    print("no error")
finally:
    print("finally runs")


def check(v):
    if v < 0:
        raise ValueError(f"negative: {v}")
    return v


for v in [1, -2]:
    try:
        print(check(v))
    except ValueError as e:
        print("ValueError:", e)
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    assert x.grad is None, "x has a grad"
except AssertionError as e:
    print(e)
print(isinstance(x, torch.Tensor) if False else isinstance(e, Exception) if False else "done")
check(-1)
