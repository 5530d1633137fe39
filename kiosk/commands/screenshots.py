"""``smartstep screenshots DIR``: every screen with sample data, at three sizes."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from kiosk.commands.options import folder_arg
from kiosk.errors import UserError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# File times come from the kernel's coarse clock, a little behind time.time_ns().
CLOCK_SLACK_NS = 1_000_000_000


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("screenshots", help="render every screen to PNG")
    p.add_argument("dir", type=folder_arg, help="output folder")


def run(args: argparse.Namespace) -> int:
    out_dir: Path = args.dir
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    reason = _cannot_write(out_dir)
    if reason is not None:
        raise UserError(f"cannot write to {out_dir}: {reason}")
    from kiosk.app import render_screenshots  # Kivy loads only for this command

    started_ns = time.time_ns()
    app = render_screenshots(out_dir)
    # Kivy only logs a PNG it could not write (full disk, a folder in the way): look.
    missing = not_written(app.written, started_ns)
    for path in app.written:
        if path not in missing:
            print(path)
    for name, found in app.problems.items():
        for problem in found:
            print(f"layout: {name}: {problem}", file=sys.stderr)
    if missing:
        raise UserError(
            f"{len(missing)} of {len(app.written)} screenshots were not written to {out_dir}"
            f" (first: {missing[0].name}): is the folder full, or is something in the way?")
    return 0


def _cannot_write(folder: Path) -> str | None:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def not_written(paths: list[Path], since_ns: int) -> list[Path]:
    """The paths that are not a PNG file written since ``since_ns`` (``time.time_ns()``)."""
    missing = []
    for path in paths:
        try:
            fresh = path.stat().st_mtime_ns >= since_ns - CLOCK_SLACK_NS
            with path.open("rb") as file:
                whole = fresh and file.read(len(PNG_MAGIC)) == PNG_MAGIC
        except OSError:
            whole = False
        if not whole:
            missing.append(path)
    return missing
