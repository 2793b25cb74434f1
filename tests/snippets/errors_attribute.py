import torch.nn as nn

m = nn.ReLU()
print(m.weight)
