"""The command line. Mistakes exit with status 2 and one `error:` line, never a traceback.

    python -m explorer FORMULA [--at NAME=VALUE ...] [--no-grad NAME ...] [--dtype float32|float64] [--json] [--hessian]
    python -m explorer code FORMULA [--at NAME=VALUE ...] [--no-grad NAME ...] [--dtype float32|float64]
    python -m explorer lab [--seed S] [--batch N] [--inputs I] [--outputs O] [--lr LR]
                           [--optimizer sgd|momentum|adam] [--steps K] [--no-zero-grad] [--freeze-weight] [--json]
    python -m explorer run FILE|- [--json] [--graph-of NAME] [--jacobian NAME]
    python -m explorer serve [--processes N] [--port PORT] [--host ADDRESS]   (the app behind nginx)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from explorer.formula.constants import constant_value
from explorer.formula.errors import FormulaError
from explorer.formula.forward import DTYPES
from explorer.formula.higher_order import hessian
from explorer.formula.parser import parse
from explorer.formula.pipeline import run as run_formula
from explorer.formula.report import as_json, printout
from explorer.formula.script import script
from explorer.formula.symbolic_job import symbolic
from explorer.formula.tree import Formula
from explorer.lab import LIMITS, MAX_LR, OPTIMIZERS, LabConfig, LabError, run_lab
from explorer.lab import as_json as lab_json
from explorer.lab import printout as lab_printout
from explorer.traced.wire import number as json_number


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _arguments() -> _Parser:
    p = _Parser(prog="python -m explorer", description="Evaluate a formula with PyTorch autograd.")
    p.add_argument("formula", help="the formula, e.g. '(sqrt(x)+1)^3'")
    p.add_argument("--at", action="extend", nargs="+", default=[], metavar="NAME=VALUE",
                   help="a variable's value; VALUE may be a constant expression such as pi/2")
    p.add_argument("--no-grad", action="extend", nargs="+", default=[], metavar="NAME",
                   help="create this variable with requires_grad=False")
    p.add_argument("--dtype", choices=sorted(DTYPES), default="float32")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--hessian", action="store_true", help="with --json: add the Hessian (double backward)")
    return p  # fmt: skip


def _point(assignments: list[str], variables: tuple[str, ...]) -> dict[str, float]:
    point: dict[str, float] = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep:
            raise UsageError(f"--at {item!r}: write NAME=VALUE, for example x=2")
        if name not in variables:
            known = ", ".join(variables) or "none"
            raise UsageError(f"--at {name}: the formula has no variable {name!r} (it has {known})")
        try:
            point[name] = constant_value(text)
        except FormulaError as exc:
            raise UsageError(f"--at {name}={text}: VALUE must be a number or a constant such as pi/2: {exc}") from None
    missing = [name for name in variables if name not in point]
    if missing:
        raise UsageError("give a value for every variable: missing " + ", ".join(f"--at {n}=..." for n in missing))
    return point


def _lab_arguments() -> _Parser:
    p = _Parser(prog="python -m explorer lab", description="The tutorial's loss and optimizer, run for real.")
    p.add_argument("--seed", type=int, default=0, help="torch.manual_seed (default 0)")
    p.add_argument("--batch", type=int, default=5, help=f"samples N, 1 to {LIMITS['batch']:,} (default 5)")
    p.add_argument("--inputs", type=int, default=3, help=f"input features I, 1 to {LIMITS['inputs']} (default 3)")
    p.add_argument("--outputs", type=int, default=2, help=f"output features O, 1 to {LIMITS['outputs']} (default 2)")
    p.add_argument("--lr", type=float, default=0.01, help=f"learning rate in (0, {MAX_LR:g}] (default 0.01)")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="sgd", help="momentum is SGD with momentum 0.9")
    p.add_argument("--steps", type=int, default=1, help=f"training steps K, 1 to {LIMITS['steps']:,} (default 1)")
    p.add_argument("--no-zero-grad", action="store_true", help="forget optimizer.zero_grad(): gradients pile up")
    p.add_argument("--freeze-weight", action="store_true", help="weight.requires_grad_(False), as in fine-tuning")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def _lab(argv: list[str]) -> None:
    args = _lab_arguments().parse_args(argv)
    config = LabConfig(args.seed, args.batch, args.inputs, args.outputs, args.lr, args.optimizer, args.steps,
                       not args.no_zero_grad, args.freeze_weight)  # fmt: skip
    try:
        run = run_lab(config)
    except LabError as exc:
        raise UsageError(str(exc)) from None
    print(json.dumps(lab_json(run), allow_nan=False) if args.json else lab_printout(run))


def _run_arguments() -> _Parser:
    p = _Parser(prog="python -m explorer run", description="Run a PyTorch snippet with the explorer's interpreter.")
    p.add_argument("file", help="the snippet's file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print one JSON object: output, error, graph")
    p.add_argument("--graph-of", metavar="NAME", help="the graph of this variable, not of the last backward()")
    p.add_argument("--jacobian", metavar="NAME", help="with --json: the Jacobian of this vector variable")
    p.add_argument("--in-process", action="store_true",
                   help="run in this process, without the worker's memory and time walls (for tests and profiling)")
    return p


class _Failed(Exception):
    """The snippet raised: its output is printed, PyTorch's error line goes to stderr, the status is 1."""


def _run(argv: list[str]) -> None:
    from explorer.snippet import run
    from explorer.snippet.report import as_json, warning_lines
    from explorer.snippet.result import from_data, to_data
    from explorer.snippet.worker import run_in_worker

    args = _run_arguments().parse_args(argv)
    try:
        source = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.file}: {getattr(exc, 'strerror', None) or exc}") from None
    if args.in_process:  # through the same codec as a worker's answer: large tensors summarised alike
        result = from_data(to_data(run(source, graph_of=args.graph_of, jacobian_of=args.jacobian)))
    else:  # the page's second wall: a child with a memory cap, killed after its time
        result = run_in_worker(source, graph_of=args.graph_of, jacobian_of=args.jacobian, forked=True)
    for line in warning_lines(result, "<stdin>" if args.file == "-" else args.file):
        print(line, file=sys.stderr)
    if args.json and result.refused is None:
        print(json.dumps(as_json(result), allow_nan=False))
    else:
        print(result.output, end="")
    if result.refused is not None:
        raise UsageError(str(result.refused))
    if result.error is not None:
        if not args.json:
            print(result.error.raised.line, file=sys.stderr)
        raise _Failed


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lab"]:
        return _guarded(_lab, argv[1:])
    if argv[:1] == ["run"]:
        return _guarded(_run, argv[1:])
    if argv[:1] == ["serve"]:
        from explorer.ops.serve import main as serve

        return serve(argv[1:])
    command = _formula
    if argv[:1] == ["code"]:
        command, argv = _code, argv[1:]
    if argv and argv[0].startswith("-") and not _is_option(argv[0]):
        argv = [*argv[1:], "--", argv[0]]  # a formula such as -x^2, --x or ---x is not an option
    return _guarded(command, argv)


def _is_option(arg: str) -> bool:
    """'--', or an option of the formula parser as argparse reads it: exact, abbreviated (--js), with =VALUE."""
    name = arg.partition("=")[0]
    options = _arguments()._option_string_actions  # every option string: -h, --help, --at, ...
    return arg == "--" or name in options or (len(name) > 2 and any(o.startswith(name) for o in options))


def _settings(args: argparse.Namespace) -> tuple[Formula, dict[str, float], dict[str, bool]]:
    try:
        formula = parse(args.formula)
    except FormulaError as exc:
        raise UsageError(f"formula: {exc}") from None
    point = _point(args.at, formula.variables)
    unknown = [n for n in args.no_grad if n not in formula.variables]
    if unknown:
        raise UsageError(f"--no-grad {unknown[0]}: the formula has no variable {unknown[0]!r}")
    return formula, point, {n: n not in args.no_grad for n in formula.variables}


def _formula(argv: list[str]) -> None:
    args = _arguments().parse_args(argv)
    formula, point, grads = _settings(args)
    ran = run_formula(formula, point, grads, args.dtype)
    result = ran.result
    if args.json:
        data = as_json(formula, result, ran.graph, symbolic(formula))
        if args.hessian:
            data["hessian"] = {a: {b: json_number(v) for b, v in row.items()}
                               for a, row in hessian(formula, point, args.dtype, grads).rows.items()}  # fmt: skip
        print(json.dumps(data, allow_nan=False))
    else:
        print(printout(formula, result))  # the contract: always `y = ...`


def _code(argv: list[str]) -> None:
    parser = _arguments()
    parser.prog = "python -m explorer code"
    parser.description = "Print a self-contained PyTorch script that reproduces the computation."
    args = parser.parse_args(argv)
    formula, point, grads = _settings(args)
    print(script(formula, point, grads, args.dtype), end="")


def _guarded(command: Callable[[list[str]], None], argv: list[str]) -> int:
    """Run a command; a user's mistake is one `error:` line and status 2, never a traceback. Text a terminal
    cannot encode (a lone surrogate a snippet printed) is written as a backslash escape; when the reader of our
    output goes away (`| head`), the command stops quietly with the status a killed pipe writer has."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        command(argv)
        sys.stdout.flush()
        return 0
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):  # Python's own flush at exit stays quiet
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except _Failed:
        return 1
    except UsageError as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 (never a traceback for a user)
        print(f"error: internal error ({type(exc).__name__}): {_one_line(str(exc))}", file=sys.stderr)
        return 1


def _one_line(text: str) -> str:
    """An argument may contain a line break (--at $'x=1\\n2'); the error stays one line."""
    return "\\n".join(text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
