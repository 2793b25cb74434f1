import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
w -= 0.1  # an in-place change of a leaf that requires grad

# the way an update by hand is written:
# with torch.no_grad():
#     w -= 0.1
