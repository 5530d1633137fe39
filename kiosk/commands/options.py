"""Option types and config loading shared by the commands."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Config, load_config


def positive_float(text: str) -> float:
    """A finite number above 0 (``inf`` and ``nan`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
    if not value > 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be above 0")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be 1 or more")
    return value


def float_up_to(limit: float) -> Callable[[str], float]:
    """An option type: a finite number above 0 and at most ``limit``."""

    def parse(text: str) -> float:
        value = positive_float(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"'{text}' is more than {limit:g}")
        return value

    return parse


def int_up_to(limit: int) -> Callable[[str], int]:
    """An option type: a whole number from 1 to ``limit``."""

    def parse(text: str) -> int:
        value = positive_int(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"'{text}' is more than {limit:,}")
        return value

    return parse


def folder_arg(text: str) -> Path:
    """A folder (or file) path option: empty text is refused, never taken as the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "an empty path is refused (it would mean the current folder)")
    return Path(text)


def add_config_option(parser: argparse.ArgumentParser, what: str = "configuration file (TOML)"
                      ) -> None:
    parser.add_argument("--config", help=what)


def config_from(args: argparse.Namespace) -> Config:
    """The config named by ``--config`` (else the environment or the defaults).

    :raises UserError: a missing or bad config file (one line naming it).
    """
    return load_config(getattr(args, "config", None))
