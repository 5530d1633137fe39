"""``smartstep staff add/list/reset-pin/remove``: PIN from standard input, one line and
exit 2 on bad input, the PIN never in the database in plain text."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.processes import SMARTSTEP, user_env


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["staff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["SMARTSTEP_DATA"])


def test_add_list_reset_remove(monkeypatch, capsys, data_dir):
    assert _run(monkeypatch, capsys, ["add", "Ada Admin", "--admin"], "901234\n")[0] == 0
    assert _run(monkeypatch, capsys, ["add", "Bob"], "567890123\n")[0] == 0
    code, out, _ = _run(monkeypatch, capsys, ["list"])
    assert code == 0
    assert [line.split()[:3] for line in out.splitlines()] == [
        ["Ada", "Admin", "admin"], ["Bob", "staff", "since"]]
    assert _run(monkeypatch, capsys, ["reset-pin", "bob"], "111222\n")[0] == 0
    code, out, _ = _run(monkeypatch, capsys, ["remove", "Bob"])
    assert (code, out) == (0, "removed account 'Bob'\n")
    for file in data_dir.iterdir():
        for pin in (b"901234", b"567890123", b"111222"):
            assert pin not in file.read_bytes()


@pytest.mark.parametrize(("argv", "stdin", "message"), [
    (["add", "Bob"], "12345\n", "a PIN must be 6 to 12 digits"),
    (["add", "Bob"], "1234567890123\n", "a PIN must be 6 to 12 digits"),
    (["add", "Bob"], "12 34 56\n", "a PIN must be 6 to 12 digits"),
    (["add", "Bob"], "", "no PIN on standard input"),
    (["add", "ADA ADMIN"], "222333\n", "staff name 'ADA ADMIN' is already taken"),
    (["add", ""], "222333\n", "staff name '' is missing"),
    (["reset-pin", "Nobody"], "222333\n", "staff name 'Nobody' matches no staff account"),
    (["remove", "Nobody"], "", "matches no staff account"),
    (["remove", "Ada Admin"], "", "is the last admin account"),
    (["frob"], "", "invalid choice"),
])
def test_bad_input_is_one_line_and_exit_2(monkeypatch, capsys, argv, stdin, message):
    assert _run(monkeypatch, capsys, ["add", "Ada Admin", "--admin"], "901234\n")[0] == 0
    code, out, err = _run(monkeypatch, capsys, argv, stdin)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "901234" not in err and "222333" not in err


def test_terminal_asks_twice_and_refuses_a_mismatch(monkeypatch, capsys):
    answers = iter(["445566", "445567"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    assert main(["staff", "add", "Ada", "--admin"]) == 2
    assert "the two PINs differ" in capsys.readouterr().err
    answers = iter(["445566", "445566"])
    assert main(["staff", "add", "Ada", "--admin"]) == 0


def test_pipe_into_the_real_command(tmp_path):
    env = user_env(tmp_path, SMARTSTEP_DATA=str(tmp_path / "piped"))
    done = subprocess.run([SMARTSTEP, "staff", "add", "First Admin",
                           "--admin"], input="13572468\n", capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    db = (tmp_path / "piped" / "smartstep.db").read_bytes()
    assert b"First Admin" in db and b"13572468" not in db


def test_database_that_cannot_be_written_is_one_line(monkeypatch, capsys):
    import sqlite3

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("kiosk.storage.accounts.AccountTables.add_account", locked)
    code, out, err = _run(monkeypatch, capsys, ["add", "Ada"], "901234\n")
    assert code == 2 and out == ""
    assert err == ("smartstep: staff account 'Ada' could not be saved: the database cannot be"
                   " written (database is locked)\n")
