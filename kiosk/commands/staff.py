"""``smartstep staff add NAME [--admin] | list | reset-pin NAME | remove NAME [--config F]``.

For the installer (the first admin) and for a forgotten admin PIN. The PIN comes
from standard input: asked twice without echo on a terminal, else one line read
from a pipe. It is never printed, logged or stored in plain text.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from typing import TextIO

from kiosk.commands.options import add_config_option, config_from
from kiosk.errors import UserError
from kiosk.staff.api import Problem, StaffRequestError
from kiosk.staff.service import build_staff_services
from kiosk.storage.ids import utc_now
from kiosk.storage.store import Store

_WORDS = {
    Problem.REQUIRED: "is missing",
    Problem.TOO_LONG: "is too long (at most 40 characters)",
    Problem.BAD_VALUE: "is not valid",
    Problem.DUPLICATE: "is already taken by another account",
    Problem.PIN_FORMAT: "must be 6 to 12 digits",
    Problem.NOT_FOUND: "matches no staff account",
    Problem.LAST_ADMIN: "is the last admin account and cannot be removed",
    Problem.STORAGE: "could not be saved: the database cannot be written",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("staff", help="staff accounts: add, list, reset-pin, remove")
    actions = p.add_subparsers(dest="staff_action", required=True, parser_class=type(p))
    add = actions.add_parser("add", help="add a staff account (PIN from standard input)")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="may manage staff and settings")
    add_config_option(add)
    listing = actions.add_parser("list", help="list the accounts (never PINs or hashes)")
    add_config_option(listing)
    reset = actions.add_parser("reset-pin", help="set a new PIN (PIN from standard input)")
    reset.add_argument("name")
    add_config_option(reset)
    remove = actions.add_parser("remove", help="remove a staff account")
    remove.add_argument("name")
    add_config_option(remove)


def read_pin(stdin: TextIO) -> str:
    """The new PIN: asked twice without echo on a terminal, else the first line of input.

    :raises UserError: no PIN, the two entries differ, or not 6-12 digits.
    """
    if stdin.isatty():
        pin = getpass.getpass("New PIN (6 to 12 digits): ")
        if getpass.getpass("The same PIN again: ") != pin:
            raise UserError("the two PINs differ; nothing was changed")
    else:
        pin = stdin.readline().rstrip("\r\n")
        if not pin:
            raise UserError("no PIN on standard input (give 6 to 12 digits on one line)")
    if not (6 <= len(pin) <= 12 and pin.isascii() and pin.isdigit()):
        raise UserError("a PIN must be 6 to 12 digits; nothing was changed")
    return pin


def _refusal(name: str, error: StaffRequestError) -> UserError:
    field, problem = next(iter(error.problems.items()))
    subject = {"name": f"staff name '{name}'", "pin": "the PIN", "role": "the role"}.get(
        field, f"staff account '{name}'")
    cause = f" ({error.__cause__})" if error.__cause__ is not None else ""
    return UserError(f"{subject} {_WORDS.get(problem, str(problem))}{cause}")


def run(args: argparse.Namespace) -> int:
    # The service logs database trouble with its traceback for the kiosk's journal;
    # here the one line below says it (a command never shows a traceback).
    logging.getLogger("kiosk.staff").addHandler(logging.NullHandler())
    config = config_from(args)
    # Check the PIN before opening anything: bad input changes nothing.
    pin = read_pin(sys.stdin) if args.staff_action in ("add", "reset-pin") else ""
    # recover=False: the kiosk may be running a session right now.
    with Store(config.db_path(), data_dir=config.data_path(), recover=False) as store:
        console = build_staff_services(store, config).console
        try:
            if args.staff_action == "add":
                member = console.add(args.name, "admin" if args.admin else "staff", pin)
                print(f"added {member.role} account '{member.name}'")
            elif args.staff_action == "reset-pin":
                member = console.reset_pin(args.name, pin)
                print(f"new PIN set for '{member.name}' (any lock lifted)")
            elif args.staff_action == "remove":
                member = console.remove(args.name)
                print(f"removed account '{member.name}'")
            else:
                _print_accounts(console.accounts())
        except StaffRequestError as exc:
            raise _refusal(getattr(args, "name", ""), exc) from None
    return 0


def _print_accounts(rows: list[dict]) -> None:
    if not rows:
        print("no staff accounts yet: add the first with 'smartstep staff add NAME --admin'")
        return
    width = max(len(r["name"]) for r in rows)
    now = utc_now()
    for r in rows:
        locked = r["locked_until"] and r["locked_until"] > now
        state = f"locked until {r['locked_until']}" if locked else (
            f"{r['failures']} wrong PIN(s) in a row" if r["failures"] else "")
        print(f"{r['name']:<{width}}  {r['role']:<5}  since {r['created_at'][:10]}  {state}"
              .rstrip())
