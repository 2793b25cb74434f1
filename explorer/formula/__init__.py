"""A formula's door: text -> tokens -> tree -> forward pass, and beside it SymPy (in a bounded job),
the comparison, explanations, higher order, grids for the plots, the script export and presets."""
