"""A locked database says "busy" after the timeout; two first starts at once both succeed."""

from __future__ import annotations

import sqlite3
import threading

import filelock
import pytest

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.storage.migrations import MIGRATIONS
from kiosk.storage.store import DatabaseBusyError, Store


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr("kiosk.storage.store.BUSY_TIMEOUT_S", 0.3)


def test_database_held_by_another_process_is_busy(short_timeout, capsys):
    path = load_config().db_path()
    Store(path).close()
    other = sqlite3.connect(path)  # another program in the middle of a long write
    try:
        other.execute("BEGIN EXCLUSIVE")
        assert main(["demo-data", "--patients", "1", "--years", "0.05"]) == 2
    finally:
        other.close()
    err = capsys.readouterr().err
    assert err.startswith("smartstep: ") and err.count("\n") == 1, err
    assert "busy" in err and str(path) in err


def test_migrations_held_by_another_process_is_busy(short_timeout, db_path):
    db_path.parent.mkdir(parents=True)
    with filelock.FileLock(db_path.with_name(db_path.name + ".lock")), \
            pytest.raises(DatabaseBusyError, match="busy"):
        Store(db_path)


def test_first_starts_at_the_same_time_all_succeed(tmp_path):
    """Several processes (threads with their own connections here) create one new database."""
    failures: list[BaseException] = []
    for round_no in range(6):
        path = tmp_path / f"round{round_no}" / "smartstep.db"
        start = threading.Barrier(4)

        def open_it(path=path, start=start) -> None:
            start.wait()
            try:
                Store(path, recover=False).close()
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures, failures
        with Store(path) as store:
            names = [r["name"] for r in store.query(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATIONS.name])]
            assert len(names) == len(set(names)) == len(MIGRATIONS.pending(store.db)) + len(names)
