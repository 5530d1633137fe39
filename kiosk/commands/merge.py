"""``smartstep merge TARGET.db EXPORT... [--passphrase-file F]``: several kiosks' exports
into one database (encrypted ones opened with their passphrase)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands.options import folder_arg
from kiosk.commands.passphrase import add_passphrase_option, read_passphrase
from kiosk.sync.merge import merge


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("merge", help="merge kiosk exports into one database")
    p.add_argument("target", type=folder_arg, help="target database file")
    p.add_argument("exports", type=folder_arg, nargs="+", help="export folders")
    add_passphrase_option(p)


def run(args: argparse.Namespace) -> int:
    def passphrase() -> str:
        return read_passphrase(args.passphrase_file, new=False, why="an export is encrypted")

    changed = merge(Path(args.target), [Path(e) for e in args.exports], passphrase)
    total = sum(changed.values())
    detail = ", ".join(f"{n} {t}" for t, n in changed.items() if n)
    print(f"merged {len(args.exports)} export(s) into {args.target}: "
          f"{total} records added or updated" + (f" ({detail})" if detail else ""))
    return 0
