"""The ``smartstep`` command line (the command-line contract): dispatch only.

Each command is a module in ``kiosk/commands``; this file builds the parser
from them, runs the one asked for, and turns every ``UserError`` into one plain
line and its exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from kiosk.commands import COMMANDS
from kiosk.errors import UserError
from kiosk.logs import configure_logging, under_journald


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad options as a UserError (one line, exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog}: {message}")


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"kiosk.commands.{COMMANDS[name]}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``only`` (one command's module imported)."""
    parser = _Parser(prog="smartstep", description="SmartStep heel-raise kiosk")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in [only] if only in COMMANDS else COMMANDS:
        _command(name).add_parser(sub)
    return parser


def _named_command(argv: Sequence[str]) -> str | None:
    """The command named first on the line (None: none, or an unknown one)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


# The kiosk logs everything it does (to the journal). A one-shot command says what
# happened itself, and an error is one plain line (UserError): its log stays quiet
# but for the critical, and never shows a traceback.
LONG_RUNNING = {"run"}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        if argv is None:
            argv = sys.argv[1:]
        # Only the named command's module is imported: the others pull in the PDF,
        # database and USB libraries, most of a second before `analyze` could start.
        args = build_parser(_named_command(argv)).parse_args(argv)
        if args.command in LONG_RUNNING:
            configure_logging()
        else:
            configure_logging(logging.CRITICAL, tracebacks=False)
        return int(_command(args.command).run(args) or 0)
    except UserError as exc:
        print(f"{_error_prefix()}smartstep: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A disk or device problem the command did not expect: still one plain line,
        # naming the file when the OS said which ("Read-only file system" alone helps nobody).
        print(f"{_error_prefix()}smartstep: {_os_error_line(exc)}", file=sys.stderr)
        return 2


def _error_prefix() -> str:
    """"<3>" (error) when stderr is the journal (the kiosk under systemd), so the line that
    says why the kiosk stopped is listed as an error, not as plain output."""
    return "<3>" if under_journald(sys.stderr, os.environ) else ""


def _os_error_line(exc: OSError) -> str:
    why = exc.strerror or str(exc)
    if exc.filename is None:
        return why
    if exc.filename2 is not None:
        return f"{exc.filename} -> {exc.filename2}: {why}"
    return f"{exc.filename}: {why}"
