"""The passphrase of an encrypted export, for ``export --encrypt`` and ``merge``.

From ``--passphrase-file F`` (its first line), else ``$SMARTSTEP_EXPORT_PASSPHRASE``,
else asked on the terminal without echo (twice when it makes a new export). Never
an option's value: command lines show up in ``ps`` and shell histories. Spaces at
either end do not count (the on-screen keyboard drops them too).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from kiosk.errors import UserError
from kiosk.sync.sealed import MIN_PASSPHRASE, passphrase_problem

ENV = "SMARTSTEP_EXPORT_PASSPHRASE"


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", metavar="F", type=Path,
                        help=f"the passphrase is this file's first line (else ${ENV}, else "
                             "asked on the terminal)")


def read_passphrase(file: Path | None, *, new: bool, why: str) -> str:
    """The passphrase; ``new``: for a new export (checked, and asked twice on a terminal).

    :param why: what needs it, for the message when there is no way to get it.
    :raises UserError: one line naming the file or what is missing.
    """
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read the passphrase file {file} "
                            f"({getattr(exc, 'strerror', None) or exc})") from None
        passphrase = text[0] if text else ""
        where = str(file)
    elif os.environ.get(ENV):
        passphrase, where = os.environ[ENV], f"${ENV}"
    elif sys.stdin is not None and sys.stdin.isatty():
        passphrase, where = getpass.getpass("Passphrase: "), "the passphrase"
        if new and getpass.getpass("The same passphrase again: ") != passphrase:
            raise UserError("the two passphrases differ: nothing was exported")
    else:
        raise UserError(f"{why}: give the passphrase with --passphrase-file F or ${ENV}")
    passphrase = passphrase.strip()  # as the on-screen keyboard gives it
    if new and passphrase_problem(passphrase):
        raise UserError(f"{where}: a passphrase needs at least {MIN_PASSPHRASE} characters")
    if not passphrase:
        raise UserError(f"{where} is empty")
    return passphrase
