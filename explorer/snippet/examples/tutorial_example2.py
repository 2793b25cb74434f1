import numpy as np
import torch
import torch.nn as nn

x = torch.tensor(2.0, requires_grad=True)
y = torch.exp(x)
y.backward()
print(x.grad)

