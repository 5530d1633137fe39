"""The README documents every command and both set-up commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import COMMANDS, build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command):
    assert f"`smartstep {command}" in README


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_of_a_command_is_in_the_readme(command):
    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions if a.dest == "command")
    row = next(line for line in README.splitlines() if line.startswith(f"| `smartstep {command}"))
    for action in sub.choices[command]._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag not in ("--help", "--config", "--seed"):
                assert flag in row, f"{flag} of {command} is not in the README's table"


def test_set_up_is_make_run_and_make_test():
    assert "make run" in README and "make test" in README
