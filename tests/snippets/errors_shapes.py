import torch

a = torch.ones(5, 3)
b = torch.ones(2, 3)
print(a @ b)
