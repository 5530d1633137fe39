"""``smartstep screenshots DIR``: every screen with sample data, at three sizes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("screenshots", help="render every screen to PNG")
    p.add_argument("dir", help="output folder")


def run(args: argparse.Namespace) -> int:
    out_dir = Path(args.dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    from kiosk.app import render_screenshots  # Kivy loads only for this command

    app = render_screenshots(out_dir)
    for path in app.written:
        print(path)
    for name, found in app.problems.items():
        for problem in found:
            print(f"layout: {name}: {problem}", file=sys.stderr)
    return 0
