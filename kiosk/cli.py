"""The ``smartstep`` command line (CONTRACTS.md section 2).

Each command lives in the module that owns it; this file only parses options
and turns every ``UserError`` into one plain line and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kiosk.errors import UserError

# command -> "module:function"; the function takes the parsed args, returns an exit code.
COMMANDS = {
    "run": "kiosk.ui.app:run_command",
    "analyze": "kiosk.analysis.report:analyze_command",
    "simulate": "kiosk.sim.corpus:simulate_command",
    "monitor": "kiosk.monitor:monitor_command",
    "export": "kiosk.storage.export:export_command",
    "merge": "kiosk.storage.export:merge_command",
    "screenshots": "kiosk.ui.screenshots:screenshots_command",
    "demo-data": "kiosk.storage.demo_data:demo_data_command",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad options as a UserError (one line, exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog}: {message}")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be above 0")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="smartstep", description="SmartStep heel-raise kiosk")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="start the kiosk")
    run.add_argument("--config", help="configuration file (TOML)")
    run.add_argument("--sim", action="store_true", help="put every device on the simulated step")
    run.add_argument(
        "--demo", action="store_true", help="a simulated person walks through a session by itself"
    )
    run.add_argument("--fullscreen", action="store_true", help="fill the screen")

    analyze = sub.add_parser("analyze", help="analyse a recording and print its reps")
    analyze.add_argument("recording", help="recording CSV (CONTRACTS.md section 3)")
    analyze.add_argument("--tempo", help="prescribed tempo U-H-D in seconds, e.g. 2-1-3")
    analyze.add_argument("--target-mm", type=_positive_float, help="target heel height in mm")
    analyze.add_argument("--json", action="store_true", help="print JSON only")
    analyze.add_argument("--config", help="configuration file (analysis thresholds)")

    simulate = sub.add_parser("simulate", help="write labelled recordings of the simulated person")
    simulate.add_argument("outdir", help="folder for the recordings and their labels")
    simulate.add_argument("--seed", type=int, default=1, help="random seed")
    simulate.add_argument("--count", type=_positive_int, help="only the first N scenarios")

    monitor = sub.add_parser("monitor", help="live sensor readings, for wiring checks")
    monitor.add_argument("--config", help="configuration file (TOML)")
    monitor.add_argument("--sim", action="store_true", help="use the simulated step")
    monitor.add_argument("--seconds", type=_positive_float, help="stop after S seconds")
    monitor.add_argument("--jsonl", action="store_true", help="one JSON object per sample")

    export = sub.add_parser("export", help="write a USB export under DIR")
    export.add_argument("dir", help="target folder, e.g. the USB stick's mount point")
    export.add_argument("--config", help="configuration file (TOML)")

    merge = sub.add_parser("merge", help="merge kiosk exports into one database")
    merge.add_argument("target", help="target database file")
    merge.add_argument("exports", nargs="+", help="export folders")

    shots = sub.add_parser("screenshots", help="render every screen to PNG")
    shots.add_argument("dir", help="output folder")

    demo = sub.add_parser("demo-data", help="fill the database with simulated history")
    demo.add_argument("--patients", type=_positive_int, default=12)
    demo.add_argument("--years", type=_positive_float, default=1.0)
    demo.add_argument("--config", help="configuration file (TOML)")
    demo.add_argument("--seed", type=int, default=7, help="random seed")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        module_name, func_name = COMMANDS[args.command].split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(args) or 0)
    except UserError as exc:
        print(f"smartstep: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A disk or device problem the command did not expect: still one plain line.
        print(f"smartstep: {exc.strerror or exc}", file=sys.stderr)
        return 1
