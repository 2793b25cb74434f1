"""The code page, one module per section: the snippet box and its examples, what it printed and raised, its graph."""
