"""The record every door produces and every view reads: the graph PyTorch walked, how it is captured,
how numbers and tensors are written, shapes, local rules and PyTorch's mistakes. Imports no door."""
