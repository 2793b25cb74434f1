"""The `run` subcommand (`python -m explorer run FILE|-`): a snippet read from a file or stdin, run in the
worker (or in this process), its output, warnings and PyTorch's error line printed, or its JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from explorer.cli.guard import Failed, Parser, UsageError


def _arguments() -> Parser:
    p = Parser(prog="python -m explorer run", description="Run a PyTorch snippet with the explorer's interpreter.")
    p.add_argument("file", help="the snippet's file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print one JSON object: output, error, graph")
    p.add_argument("--graph-of", metavar="NAME", help="the graph of this variable, not of the last backward()")
    p.add_argument("--jacobian", metavar="NAME", help="with --json: the Jacobian of this vector variable")
    p.add_argument("--in-process", action="store_true",
                   help="run in this process, without the worker's memory and time walls (for tests and profiling)")
    return p


def run_command(argv: list[str]) -> None:
    from explorer.snippet import run
    from explorer.snippet.report import as_json, warning_lines
    from explorer.snippet.result import from_data, to_data
    from explorer.snippet.worker import run_in_worker

    args = _arguments().parse_args(argv)
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
        raise Failed
