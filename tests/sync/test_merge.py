"""smartstep merge: everything verified before anything changes, one transaction, idempotent."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.storage import queries
from kiosk.storage.store import Store
from kiosk.sync.exporter import export
from kiosk.sync.merge import merge

SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")


def _export(k, usb, **kw):
    kw.setdefault("with_names", True)  # a clinic's own database: names merged too
    return export(k.db, k.data, usb, k.step_id, **kw).folder


def _two_kiosks(make_kiosk, usb):
    exports = []
    for step, name in (("step-01", "Ann"), ("step-02", "Bob")):
        k = make_kiosk(step)
        k.add_session(name, reps=5)
        exports.append(_export(k, usb))
    return exports


def _dump(path):
    with Store(path, recover=False) as store:
        return {t: store.query(f"SELECT * FROM {t} ORDER BY id")
                for t in ("patients", "sessions", "reps", "recordings", "audit_log")}


def _file_state(path: Path):
    """Bytes of the target and every file beside it (recordings), to prove nothing changed."""
    if not path.parent.exists():
        return None
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.parent.rglob("*")) if p.is_file() and not _sqlite_scratch(p)}


def _sqlite_scratch(path: Path) -> bool:
    """SQLite's shared-memory index and an empty log: made by any reader, hold no data."""
    return path.name.endswith("-shm") or (path.name.endswith("-wal") and not path.stat().st_size)


def _rewrite_manifest(folder: Path, name: str, **changes):
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["name"] == name:
            data = (folder / name).read_bytes()
            entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
            for key, value in changes.items():
                if value is None:
                    entry.pop(key)
                else:
                    entry[key] = value
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture
def clinic(tmp_path, make_kiosk, usb):
    """A clinic database with one kiosk's data already merged in."""
    k = make_kiosk("step-09")
    k.add_session("Zoe")
    target = tmp_path / "clinic" / "clinic.db"
    merge(target, [_export(k, usb)])
    return target


def test_merge_twice_changes_nothing(tmp_path, make_kiosk, usb, capsys):
    exports = _two_kiosks(make_kiosk, usb)
    target = tmp_path / "clinic" / "all.db"
    assert main(["merge", str(target), *map(str, exports)]) == 0
    out = capsys.readouterr().out
    # Counts are the rows merged, not the summary rows triggers touched.
    assert "2 patients" in out and "2 sessions" in out and "10 reps" in out
    first = _dump(target)
    assert len(first["patients"]) == 2 and len(first["reps"]) == 10
    assert len(list((target.parent / "recordings").rglob("*.csv.gz"))) == 2
    with Store(target, recover=False) as merged:
        names = {r["name"] for r in queries.patients_with_last_session(merged)}
    assert names == {"Ann", "Bob"}

    assert main(["merge", str(target), *map(str, exports)]) == 0
    assert "0 records" in capsys.readouterr().out
    assert _dump(target) == first


def test_incremental_exports_merge_into_the_same_records(tmp_path, make_kiosk, usb):
    k = make_kiosk("step-01")
    pid, _ = k.add_session()
    full = _export(k, usb, full=False)
    k.add_session(patient_id=pid)
    inc = _export(k, usb, full=False)
    target = tmp_path / "clinic.db"
    merge(target, [inc, full])
    with Store(target, recover=False) as store:
        assert store.query("SELECT session_count FROM patients")[0]["session_count"] == 2
        assert store.query("SELECT count(*) AS n FROM reps")[0]["n"] == 6


def test_newer_record_wins_in_any_order(tmp_path, make_kiosk, usb):
    k = make_kiosk("step-01")
    pid, _ = k.add_session()
    old = _export(k, usb)
    with k.store() as store:
        store.update_patient(pid, notes="moved to single-leg")
    new = _export(k, usb)
    for n, order in enumerate(([new, old], [old, new])):
        target = tmp_path / f"t{n}.db"
        merge(target, order)
        with Store(target, recover=False) as store:
            assert store.get_patient(pid)["notes"] == "moved to single-leg"


def test_same_updated_at_gives_the_same_winner_in_any_order(tmp_path, make_kiosk, usb):
    k = make_kiosk("step-01")
    pid, _ = k.add_session()
    a = _export(k, usb)
    conn = sqlite3.connect(k.db)  # another version of the record, same updated_at
    conn.execute("UPDATE patients SET notes = 'other version' WHERE id = ?", [pid])
    conn.commit()
    conn.close()
    b = _export(k, usb)
    winners = set()
    for n, order in enumerate(([a, b], [b, a], [a, b, a])):
        target = tmp_path / f"t{n}.db"
        merge(target, order)
        with Store(target, recover=False) as store:
            winners.add(store.get_patient(pid)["notes"])
    assert len(winners) == 1


def test_incomplete_export_is_refused(tmp_path, make_kiosk, usb, capsys):
    (out, _) = _two_kiosks(make_kiosk, usb)
    (out / "manifest.json").unlink()
    assert main(["merge", str(tmp_path / "t.db"), str(out)]) == 2
    assert "not a complete export" in capsys.readouterr().err
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("damage", ["snapshot", "recording", "csv", "missing_file"])
def test_damaged_export_leaves_the_target_exactly_as_it_was(clinic, make_kiosk, usb, capsys,
                                                           damage):
    good, bad = _two_kiosks(make_kiosk, usb)
    if damage == "snapshot":
        victim = bad / "smartstep.db"
    elif damage == "csv":
        victim = bad / "reps.csv"
    else:
        (victim,) = (bad / "recordings").rglob("*.csv.gz")
    if damage == "missing_file":
        victim.unlink()
    else:
        with victim.open("r+b") as file:
            file.seek(30)
            file.write(b"\xff" * 8)
    before = _file_state(clinic)
    assert main(["merge", str(clinic), str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(victim) in err
    assert ("missing" if damage == "missing_file" else "does not match its manifest") in err
    assert _file_state(clinic) == before  # the good export was not merged either


@pytest.mark.parametrize("key", ["size", "sha256"])
def test_manifest_entry_without_size_or_sha256_is_one_line(tmp_path, make_kiosk, usb, capsys,
                                                           key):
    (out, _) = _two_kiosks(make_kiosk, usb)
    _rewrite_manifest(out, "reps.csv", **{key: None})
    assert main(["merge", str(tmp_path / "t.db"), str(out)]) == 2
    err = capsys.readouterr().err
    assert f"has no valid '{key}'" in err and "reps.csv" in err and err.count("\n") == 1
    assert not (tmp_path / "t.db").exists()


def test_snapshot_that_is_not_a_database_is_one_line(tmp_path, make_kiosk, usb, capsys):
    (out, _) = _two_kiosks(make_kiosk, usb)
    (out / "smartstep.db").write_bytes(b"this is not SQLite " * 100)
    _rewrite_manifest(out, "smartstep.db")  # a consistent manifest: the content is the problem
    assert main(["merge", str(tmp_path / "t.db"), str(out)]) == 2
    err = capsys.readouterr().err
    assert "is not a database" in err and err.count("\n") == 1
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("change", [
    "ALTER TABLE reps ADD COLUMN cadence_hz REAL",
    "CREATE TABLE balance_tests (id TEXT PRIMARY KEY, updated_at TEXT)",
    "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
    " VALUES ('smartstep', '0099_future', '2030-01-01')",
])
def test_export_from_a_newer_schema_is_refused_touching_nothing(clinic, make_kiosk, usb,
                                                               capsys, change):
    (out, _) = _two_kiosks(make_kiosk, usb)
    conn = sqlite3.connect(out / "smartstep.db")
    conn.execute(change)
    conn.commit()
    conn.close()
    _rewrite_manifest(out, "smartstep.db")
    before = _file_state(clinic)
    assert main(["merge", str(clinic), str(out)]) == 2
    err = capsys.readouterr().err
    assert "update SmartStep on this computer" in err and err.count("\n") == 1
    assert _file_state(clinic) == before


def test_merging_into_an_exports_own_database_is_refused(make_kiosk, usb, capsys):
    (out, other) = _two_kiosks(make_kiosk, usb)
    before = (out / "smartstep.db").read_bytes()
    assert main(["merge", str(out / "smartstep.db"), str(other), str(out)]) == 2
    assert "export" in capsys.readouterr().err
    assert main(["merge", str(out / "clinic.db"), str(other)]) == 2
    assert "inside an export folder" in capsys.readouterr().err
    assert (out / "smartstep.db").read_bytes() == before and not (out / "clinic.db").exists()


def test_a_foreign_database_is_not_a_target(tmp_path, make_kiosk, usb, capsys):
    (out, _) = _two_kiosks(make_kiosk, usb)
    other = tmp_path / "accounts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    assert main(["merge", str(other), str(out)]) == 2
    assert "not a SmartStep database" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_merged_database_opens_in_the_sqlite_utils_command_line(tmp_path, make_kiosk, usb):
    target = tmp_path / "clinic.db"
    merge(target, _two_kiosks(make_kiosk, usb))
    result = subprocess.run([str(SQLITE_UTILS), "tables", str(target), "--counts"],
                            capture_output=True, text=True, timeout=60, check=True)
    tables = {t["table"]: t["count"] for t in json.loads(result.stdout)}
    assert tables["patients"] == 2 and tables["reps"] == 10
