"""``smartstep export DIR [--config F] [--since-last] [--with-names] [--encrypt]``: a USB
export (pseudonymised unless ``--with-names``, which is written to the audit log)."""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
from pathlib import Path

from kiosk.commands.options import add_config_option, config_from, folder_arg
from kiosk.commands.passphrase import ENV, add_passphrase_option, read_passphrase
from kiosk.errors import UserError
from kiosk.storage.store import Store
from kiosk.sync.codes import ExportCode, ExportFailed
from kiosk.sync.exporter import ExportResult, export
from kiosk.sync.sealed import passphrase_in
from kiosk.sync.service import WITH_NAMES_ACTION

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
    names = p.add_mutually_exclusive_group()
    names.add_argument("--with-names", action="store_true",
                       help="patients' names, clinic IDs, notes as they are (written to the "
                            "audit log); else pseudonymised")
    names.add_argument("--pseudonymise", action="store_true",
                       help="no names, clinic IDs as keyed pseudonyms (the default)")
    p.add_argument("--encrypt", action="store_true",
                   help="one encrypted archive, opened with a passphrase (merge asks for it);"
                        " always, with the kiosk's [usb] passphrase_file")
    add_passphrase_option(p)
    add_config_option(p)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    target = Path(args.dir)
    passphrase = _passphrase(args, config.usb.passphrase_file)
    db_path = config.db_path()

    def audit_names(folder: Path) -> None:
        who = f"{getpass.getuser()} (command line)"
        try:
            with Store(db_path, config.data_path()) as store:
                store.audit(who, WITH_NAMES_ACTION, detail={
                    "folder": str(folder), "full": not args.since_last,
                    "encrypted": args.encrypt})
        except (OSError, sqlite3.Error) as exc:
            raise ExportFailed(ExportCode.AUDIT_FAILED, f"{db_path}: the audit log could not "
                               f"record the export with names ({exc}); nothing was exported"
                               ) from None

    try:
        result = export(db_path, config.data_path(), target, config.step_id,
                        full=not args.since_last, with_names=args.with_names,
                        passphrase=passphrase, on_start=audit_names if args.with_names else None)
    except ExportFailed as exc:
        words = _WORDS.get(exc.code)
        if words is None:
            raise
        raise UserError(words.format(dir=target, detail=exc)) from None
    print(summary(result))
    return 0


def _passphrase(args: argparse.Namespace, configured: str) -> str | None:
    """Given (file, variable, terminal) with --encrypt, else the kiosk's configured one."""
    given = args.passphrase_file is not None or bool(os.environ.get(ENV))
    if args.encrypt and (given or not configured):
        return read_passphrase(args.passphrase_file, new=True, why="--encrypt")
    if not configured:
        return None
    try:
        return passphrase_in(Path(configured).expanduser())
    except ValueError as exc:
        raise UserError(f"{exc} ([usb] passphrase_file): nothing was exported") from None


def summary(result: ExportResult) -> str:
    form = "pseudonymised" if result.pseudonymised else "with names"
    if result.encrypted:
        form += ", encrypted"
    line = (f"export complete: {result.folder} ({result.kind}, {form}, {result.sessions} "
            f"sessions, {result.bytes / 1e6:.1f} MB)")
    if result.missing_recordings:
        line += (f"; {result.missing_recordings} recording(s) registered but not on the kiosk's"
                 " disk (pruned or lost), listed as missing in manifest.json")
    return line
