import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
a = x.exp()  # ExpBackward0 saves its result a for backward
a += 1  # an in-place change of a: its version goes from 0 to 1
a.sum().backward()
