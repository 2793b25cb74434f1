"""The loss and optimizer lab: the tutorial's second half, run for real and measured.

A batch x (N×I) and targets y (N×O) from `torch.randn`, `nn.Linear(I, O)`, `nn.MSELoss`,
`loss.backward()`, one SGD step by hand and one by `optimizer.step()`, then K training
steps. Everything PyTorch prints is kept as PyTorch prints it; the gradients are checked
against the closed form dL/dW = 2/(N·O) (pred − y)ᵀ x, dL/db = 2/(N·O) Σ (pred − y).

`config.py` holds the settings and their bounds, `run.py` runs the script, `report.py` reads a run
(the printout, JSON, divergence, the loss surface around the optimizer's path).
"""
