"""The command line's subcommands, one module each, and the guard that turns a mistake into one `error:` line.

`explorer/__main__.py` picks the subcommand; `guard.py` runs it; `formula.py` (a formula and `code`),
`lab.py` and `run.py` (a snippet) each parse their arguments and print.
"""
