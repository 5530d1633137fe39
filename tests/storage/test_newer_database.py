"""A database written by a newer SmartStep is refused with one line and left untouched."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.app import open_kiosk
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.errors import UserError
from kiosk.storage.migrations import MIGRATIONS
from kiosk.storage.store import NewerDatabaseError, Store


def _mark_newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES (?, '9999_from_the_future', '2030-01-01')", [MIGRATIONS.name])
    conn.close()


def _state(folder: Path) -> dict[str, str]:
    # SQLite's own -wal/-shm files may appear (empty) when a reader looks at a WAL database.
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


@pytest.fixture
def newer_db(capsys) -> Path:
    assert main(["demo-data", "--patients", "1", "--years", "0.05"]) == 0
    path = load_config().db_path()
    _mark_newer(path)
    capsys.readouterr()
    return path


def _refused(capsys) -> None:
    err = capsys.readouterr().err
    assert err.startswith("smartstep: ") and err.count("\n") == 1, err
    # A kiosk's own database: "update this kiosk"; a snapshot merged on the clinic's
    # computer: update SmartStep there.
    assert "newer SmartStep" in err and (
        "update this kiosk" in err or "update SmartStep on this computer" in err), err


@pytest.mark.parametrize("argv", [["demo-data", "--patients", "1", "--years", "0.05"]])
def test_demo_data_refuses_and_touches_nothing(newer_db, argv, capsys):
    before = _state(newer_db.parent)
    assert main(argv) == 2
    _refused(capsys)
    assert _state(newer_db.parent) == before


def test_export_refuses_and_writes_nothing(newer_db, tmp_path, capsys):
    stick = tmp_path / "stick"
    stick.mkdir()
    before = _state(newer_db.parent)
    assert main(["export", str(stick)]) == 2
    _refused(capsys)
    assert list(stick.iterdir()) == []
    assert _state(newer_db.parent) == before


def test_merge_into_a_newer_target_refuses(newer_db, tmp_path, capsys):
    stick = tmp_path / "stick"
    stick.mkdir()
    target = tmp_path / "merged" / "merged.db"
    Store(target).close()
    _mark_newer(target)
    before = _state(target.parent)
    # An export of a current database to merge in.
    other = tmp_path / "other"
    with Store(other / "smartstep.db") as store:
        store.add_patient("Someone")
    from kiosk.sync.exporter import export

    exported = export(other / "smartstep.db", other, stick, "step-02").folder
    assert main(["merge", str(target), str(exported)]) == 2
    _refused(capsys)
    assert _state(target.parent) == before


def test_merge_of_a_newer_snapshot_refuses(tmp_path, capsys):
    from kiosk.storage.store import file_digest
    from kiosk.sync.exporter import export
    from kiosk.sync.manifest import MANIFEST, SNAPSHOT

    with Store(tmp_path / "k" / "smartstep.db") as store:
        store.add_patient("Someone")
    exported = export(tmp_path / "k" / "smartstep.db", tmp_path / "k", tmp_path,
                      "step-02").folder
    _mark_newer(exported / SNAPSHOT)
    manifest = json.loads((exported / MANIFEST).read_text())
    for entry in manifest["files"]:
        if entry["name"] == SNAPSHOT:
            entry["size"], entry["sha256"] = file_digest(exported / SNAPSHOT)
    (exported / MANIFEST).write_text(json.dumps(manifest))
    target = tmp_path / "merged.db"
    assert main(["merge", str(target), str(exported)]) == 2
    _refused(capsys)
    assert not target.exists()


def test_run_refuses(newer_db):
    before = _state(newer_db.parent)
    with pytest.raises(UserError, match="newer SmartStep"), open_kiosk(load_config()):
        pass
    assert _state(newer_db.parent) == before


def test_store_refuses_before_any_migration(newer_db):
    with pytest.raises(NewerDatabaseError):
        Store(newer_db)
