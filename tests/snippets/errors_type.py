import torch

print(torch.exp(2.0))
