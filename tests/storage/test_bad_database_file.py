"""A file that is not a database gives one plain line, not a traceback."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.storage.store import DatabaseFileError, Store


def test_garbage_file_is_a_clear_error(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseFileError, match="cannot be used as the SmartStep database"):
        Store(db_path)


def test_command_on_a_garbage_database(capsys):
    path = load_config().db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 500)
    assert main(["demo-data", "--patients", "1", "--years", "0.1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smartstep: ") and err.count("\n") == 1
