import numpy as np
import torch
import torch.nn as nn

x = torch.tensor(np.pi, requires_grad=True)
y = torch.sin(x)
y.backward()
print(x.grad)

