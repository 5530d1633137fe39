"""``smartstep export DIR [--config F] [--since-last] [--pseudonymise]``: a USB export."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands.options import add_config_option, config_from, folder_arg
from kiosk.errors import UserError
from kiosk.sync.codes import ExportCode, ExportFailed
from kiosk.sync.exporter import ExportResult, export

# One line per failure, naming the target (the stick), never the kiosk's storage.
_WORDS = {
    ExportCode.STICK_FULL: "{dir} is full: nothing was exported and the kiosk's data are "
                           "unchanged; use a USB stick with more free space",
    ExportCode.STICK_REMOVED: "{dir} went away during the export: nothing was exported and the "
                              "kiosk's data are unchanged; insert it again and export again",
    ExportCode.STICK_READ_ONLY: "{dir} cannot be written to (read-only?): nothing was exported",
    ExportCode.STICK_ERROR: "writing to {dir} failed: nothing was exported and the kiosk's data "
                            "are unchanged ({detail})",
    ExportCode.CANCELLED: "export to {dir} cancelled: nothing was exported",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a USB export under DIR")
    p.add_argument("dir", type=folder_arg,
                   help="target folder, e.g. the USB stick's mount point")
    p.add_argument("--since-last", action="store_true",
                   help="only what is new since this folder's last export (else everything)")
    p.add_argument("--pseudonymise", action="store_true",
                   help="no names; clinic IDs replaced by this kiosk's keyed pseudonyms")
    add_config_option(p)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    target = Path(args.dir)
    try:
        result = export(config.db_path(), config.data_path(), target, config.step_id,
                        full=not args.since_last, pseudonymise=args.pseudonymise)
    except ExportFailed as exc:
        words = _WORDS.get(exc.code)
        if words is None:
            raise
        raise UserError(words.format(dir=target, detail=exc)) from None
    print(summary(result))
    return 0


def summary(result: ExportResult) -> str:
    line = (f"export complete: {result.folder} ({result.kind}"
            f"{', pseudonymised' if result.pseudonymised else ''}, {result.sessions} sessions, "
            f"{result.bytes / 1e6:.1f} MB)")
    if result.missing_recordings:
        line += (f"; {result.missing_recordings} recording(s) registered but not on the kiosk's"
                 " disk (pruned or lost), listed as missing in manifest.json")
    return line
