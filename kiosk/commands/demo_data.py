"""``smartstep demo-data [--patients N] [--years Y] [--config F] [--seed S]``."""

from __future__ import annotations

import argparse

from kiosk.commands.options import add_config_option, config_from, positive_float, positive_int
from kiosk.sim.history import generate
from kiosk.storage.store import Store, database_errors


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo-data", help="fill the database with simulated history")
    p.add_argument("--patients", type=positive_int, default=12)
    p.add_argument("--years", type=positive_float, default=1.0)
    add_config_option(p)
    p.add_argument("--seed", type=int, default=7, help="random seed")


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    # recover=False: the kiosk may be running a session right now.
    db_path = config.db_path()
    with Store(db_path, data_dir=config.data_path(), recover=False) as store, \
            database_errors(db_path):
        totals = generate(store, patients=args.patients, years=args.years, seed=args.seed,
                          step_id=config.step_id)
    print(f"demo data: {totals.patients} patients, {totals.sessions} sessions, "
          f"{totals.reps} reps in {totals.seconds:.1f} s -> {config.db_path()}")
    return 0
