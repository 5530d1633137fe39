"""``smartstep run [--config F] [--sim] [--demo] [--fullscreen]``: the kiosk."""

from __future__ import annotations

import argparse

from kiosk.commands.options import add_config_option, config_from


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the kiosk")
    add_config_option(p)
    p.add_argument("--sim", action="store_true", help="put every device on the simulated step")
    p.add_argument(
        "--demo", action="store_true", help="a simulated person walks through a session by itself"
    )
    p.add_argument("--fullscreen", action="store_true", help="fill the screen")


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    if args.sim:
        config = config.all_simulated()
    from kiosk.app import run_kiosk  # Kivy loads only for this command

    return run_kiosk(config, demo=args.demo, fullscreen=args.fullscreen)
