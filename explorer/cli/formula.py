"""The formula subcommands (`python -m explorer FORMULA`, `python -m explorer code FORMULA`): their arguments,
the settings they name (the formula, the point, which variables require grad), the printout, JSON or script."""

from __future__ import annotations

import argparse
import json

from explorer.cli.guard import Parser, UsageError
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
from explorer.traced.wire import number as json_number


def arguments() -> Parser:
    p = Parser(prog="python -m explorer", description="Evaluate a formula with PyTorch autograd.")
    p.add_argument("formula", help="the formula, e.g. '(sqrt(x)+1)^3'")
    p.add_argument("--at", action="extend", nargs="+", default=[], metavar="NAME=VALUE",
                   help="a variable's value; VALUE may be a constant expression such as pi/2")
    p.add_argument("--no-grad", action="extend", nargs="+", default=[], metavar="NAME",
                   help="create this variable with requires_grad=False")
    p.add_argument("--dtype", choices=sorted(DTYPES), default="float32")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--hessian", action="store_true", help="with --json: add the Hessian (double backward)")
    return p  # fmt: skip


def is_option(arg: str) -> bool:
    """'--', or an option of the formula parser as argparse reads it: exact, abbreviated (--js), with =VALUE."""
    name = arg.partition("=")[0]
    options = arguments()._option_string_actions  # every option string: -h, --help, --at, ...
    return arg == "--" or name in options or (len(name) > 2 and any(o.startswith(name) for o in options))


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


def formula_command(argv: list[str]) -> None:
    args = arguments().parse_args(argv)
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


def code_command(argv: list[str]) -> None:
    parser = arguments()
    parser.prog = "python -m explorer code"
    parser.description = "Print a self-contained PyTorch script that reproduces the computation."
    args = parser.parse_args(argv)
    formula, point, grads = _settings(args)
    print(script(formula, point, grads, args.dtype), end="")
