"""The `lab` subcommand (`python -m explorer lab ...`): its arguments become a LabConfig; the run is printed."""

from __future__ import annotations

import json

from explorer.cli.guard import Parser, UsageError
from explorer.lab.config import LIMITS, MAX_LR, OPTIMIZERS, LabConfig, LabError
from explorer.lab.report import as_json as lab_json
from explorer.lab.report import printout as lab_printout
from explorer.lab.run import run_lab


def _arguments() -> Parser:
    p = Parser(prog="python -m explorer lab", description="The tutorial's loss and optimizer, run for real.")
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


def lab_command(argv: list[str]) -> None:
    args = _arguments().parse_args(argv)
    config = LabConfig(args.seed, args.batch, args.inputs, args.outputs, args.lr, args.optimizer, args.steps,
                       not args.no_zero_grad, args.freeze_weight)  # fmt: skip
    try:
        run = run_lab(config)
    except LabError as exc:
        raise UsageError(str(exc)) from None
    print(json.dumps(lab_json(run), allow_nan=False) if args.json else lab_printout(run))
