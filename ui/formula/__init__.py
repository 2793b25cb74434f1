"""The formula page, one module per section: inputs, printout and SymPy, graph, plots, beyond."""
