"""``smartstep export DIR [--config F]``: a USB export (the export layout)."""

from __future__ import annotations

import argparse
import json

from kiosk.commands.options import add_config_option, config_from, folder_arg
from kiosk.errors import StorageFullError, UserError
from kiosk.storage.export import MANIFEST, export


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a USB export under DIR")
    p.add_argument("dir", type=folder_arg,
                   help="target folder, e.g. the USB stick's mount point")
    add_config_option(p)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    try:
        out = export(config.db_path(), config.data_path(), args.dir, config.step_id)
    except StorageFullError:
        raise UserError(f"{args.dir} is full: the export did not fit and was removed") from None
    size = sum(e["size"] for e in json.loads((out / MANIFEST).read_text())["files"])
    print(f"export complete: {out} ({size / 1e6:.1f} MB)")
    return 0
