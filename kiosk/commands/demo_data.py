"""``smartstep demo-data [--patients N] [--years Y] [--config F] [--seed S]``."""

from __future__ import annotations

import argparse
import sys
import time

from kiosk.commands.options import add_config_option, config_from, float_up_to, int_up_to
from kiosk.errors import StorageFullError, UserError
from kiosk.sim.history import MAX_PATIENTS, MAX_YEARS, Totals, generate
from kiosk.storage.store import Store, database_errors

PROGRESS_EVERY_S = 2.0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo-data", help="fill the database with simulated history")
    p.add_argument("--patients", type=int_up_to(MAX_PATIENTS), default=12,
                   help=f"how many patients (1 to {MAX_PATIENTS:,})")
    p.add_argument("--years", type=float_up_to(MAX_YEARS), default=1.0,
                   help=f"how many years of history (at most {MAX_YEARS:g})")
    add_config_option(p)
    p.add_argument("--seed", type=int, default=7, help="random seed")


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    db_path = config.db_path()
    report = _Progress()
    try:
        # recover=False: the kiosk may be running a session right now.
        with Store(db_path, data_dir=config.data_path(), recover=False) as store, \
                database_errors(db_path):
            totals = generate(store, patients=args.patients, years=args.years, seed=args.seed,
                              step_id=config.step_id, progress=report)
    except ValueError as exc:
        raise UserError(f"demo-data: {exc}") from None
    except StorageFullError:
        # Also when the disk fills while the database is created or closed.
        raise UserError(f"the disk holding {db_path} is full: demo data stopped"
                        f" ({report.sessions:,} sessions were written and stay)") from None
    report.finish()
    print(f"demo data: {totals.patients} patients, {totals.sessions} sessions, "
          f"{totals.reps} reps in {totals.seconds:.1f} s -> {db_path}")
    return 0


class _Progress:
    """Progress on stderr every few seconds (a long history takes minutes)."""

    def __init__(self) -> None:
        self.next_at = time.monotonic() + PROGRESS_EVERY_S
        self.shown = False
        self.sessions = 0  # written so far

    def __call__(self, totals: Totals) -> None:
        self.sessions = totals.sessions
        now = time.monotonic()
        if now < self.next_at or totals.done >= 1.0:
            return
        self.next_at = now + PROGRESS_EVERY_S
        self.shown = True
        end = "\r" if sys.stderr.isatty() else "\n"
        sys.stderr.write(f"demo data: {totals.done:4.0%} written, {totals.sessions:,} sessions,"
                         f" {totals.reps:,} reps{end}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.shown and sys.stderr.isatty():
            sys.stderr.write("\n")
