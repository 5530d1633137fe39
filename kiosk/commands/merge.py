"""``smartstep merge TARGET.db EXPORT...``: several kiosks' exports into one database."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands.options import folder_arg
from kiosk.sync.merge import merge


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("merge", help="merge kiosk exports into one database")
    p.add_argument("target", type=folder_arg, help="target database file")
    p.add_argument("exports", type=folder_arg, nargs="+", help="export folders")


def run(args: argparse.Namespace) -> int:
    changed = merge(Path(args.target), [Path(e) for e in args.exports])
    total = sum(changed.values())
    detail = ", ".join(f"{n} {t}" for t, n in changed.items() if n)
    print(f"merged {len(args.exports)} export(s) into {args.target}: "
          f"{total} records added or updated" + (f" ({detail})" if detail else ""))
    return 0
