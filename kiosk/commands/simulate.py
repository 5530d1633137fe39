"""``smartstep simulate OUTDIR [--seed N] [--count N]``: the labelled corpus."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands.options import folder_arg, positive_int
from kiosk.errors import UserError
from kiosk.sim.corpus import write_corpus


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("simulate", help="write labelled recordings of the simulated person")
    p.add_argument("outdir", type=folder_arg, help="folder for the recordings and their labels")
    p.add_argument("--seed", type=int, default=1, help="random seed")
    p.add_argument("--count", type=positive_int, help="only the first N scenarios")


def run(args: argparse.Namespace) -> int:
    out: Path = args.outdir
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} exists and is not a folder")
    try:
        paths = write_corpus(out, seed=args.seed, count=args.count)
    except OSError as exc:  # unwritable, a file in the way, disk full: one plain line
        raise UserError(f"cannot write the corpus to {out}: {exc.strerror or exc}") from None
    recordings = [p for p in paths if p.suffix == ".csv"]
    print(f"wrote {len(recordings)} labelled recordings to {out}")
    return 0
