"""The command line: picks the subcommand, one module each in explorer/cli/. Mistakes exit with status 2 and
one `error:` line, never a traceback.

    python -m explorer FORMULA [--at NAME=VALUE ...] [--no-grad NAME ...] [--dtype float32|float64] [--json] [--hessian]
    python -m explorer code FORMULA [--at NAME=VALUE ...] [--no-grad NAME ...] [--dtype float32|float64]
    python -m explorer lab [--seed S] [--batch N] [--inputs I] [--outputs O] [--lr LR]
                           [--optimizer sgd|momentum|adam] [--steps K] [--no-zero-grad] [--freeze-weight] [--json]
    python -m explorer run FILE|- [--json] [--graph-of NAME] [--jacobian NAME]
    python -m explorer serve [--processes N] [--port PORT] [--host ADDRESS]   (the app behind nginx)
"""

from __future__ import annotations

import sys

from explorer.cli.formula import code_command, formula_command, is_option
from explorer.cli.guard import guarded
from explorer.cli.lab import lab_command
from explorer.cli.run import run_command


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lab"]:
        return guarded(lab_command, argv[1:])
    if argv[:1] == ["run"]:
        return guarded(run_command, argv[1:])
    if argv[:1] == ["serve"]:
        from explorer.ops.serve import main as serve

        return serve(argv[1:])
    command = formula_command
    if argv[:1] == ["code"]:
        command, argv = code_command, argv[1:]
    if argv and argv[0].startswith("-") and not is_option(argv[0]):
        argv = [*argv[1:], "--", argv[0]]  # a formula such as -x^2, --x or ---x is not an option
    return guarded(command, argv)


if __name__ == "__main__":
    sys.exit(main())
