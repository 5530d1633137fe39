"""``smartstep doctor [--config F] [--sim] [--json]``: checks the set-up, one line each.

Every check prints ``PASS``, ``FAIL`` (with its fix in one sentence) or ``SKIP``;
exit 0 when none failed, 1 when one did. An invalid config file is a failed
check (the rest then run on the built-in defaults); a ``--config`` file that does
not exist is bad input (exit 2), like a bad option.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.commands.options import add_config_option, config_from
from kiosk.config import Config
from kiosk.doctor import CheckResult, run_doctor
from kiosk.doctor.words import FIXES, TITLES
from kiosk.errors import ConfigError, UserError

_LABEL = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check the configuration, wiring, storage and clock")
    add_config_option(p)
    p.add_argument("--sim", action="store_true", help="check the simulated step")
    p.add_argument("--json", action="store_true", help="the results as one JSON object")


def run(args: argparse.Namespace) -> int:
    if args.config is not None and not Path(args.config).exists():
        raise UserError(f"config file {args.config} not found")
    try:
        config, error = config_from(args), None
    except ConfigError as exc:
        config, error = Config(), str(exc)
    results = run_doctor(config, error, sim=args.sim)
    if args.json:
        print(json.dumps({"ok": not any(r.failed for r in results),
                          "checks": [_as_json(r) for r in results]}, indent=1))
    else:
        for result in results:
            print(format_line(result))
        fails = sum(r.failed for r in results)
        print(f"doctor: {fails} of {len(results)} checks failed" if fails
              else f"doctor: all {len(results)} checks passed or skipped")
    sys.stdout.flush()
    return 1 if any(r.failed for r in results) else 0


def format_line(result: CheckResult) -> str:
    """One check as one line: status, what was checked, what was found, and the fix."""
    line = f"{_LABEL[result.status]}  {TITLES[result.check]}: {result.detail}"
    if result.problem is not None:
        line += f" -- fix: {FIXES[result.problem]}"
    return line


def _as_json(result: CheckResult) -> dict[str, str | None]:
    return {"check": result.check, "title": TITLES[result.check], "status": result.status,
            "detail": result.detail, "problem": result.problem,
            "fix": FIXES[result.problem] if result.problem else None}
