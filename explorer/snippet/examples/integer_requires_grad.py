import torch

x = torch.tensor(2, requires_grad=True)  # 2 is an integer: an int64 tensor
