"""smartstep export: only finished sessions, spreadsheet CSVs, manifest last, nothing fake."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import threading
import time

import pytest

from kiosk.cli import main
from kiosk.sync.codes import ExportCode, ExportFailed
from kiosk.sync.exporter import CancelToken, export


def _only_export(usb, step_id="step-01"):
    folders = [p for p in (usb / "SmartStep" / step_id).iterdir() if p.is_dir()]
    assert len(folders) == 1
    return folders[0]


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_export_command_writes_a_complete_export(kiosk, usb, capsys):
    _, done = kiosk.add_session()
    _, running = kiosk.add_session("Bob", finish=False)
    before = kiosk.digest()

    assert main(["export", str(usb)]) == 0
    assert "export complete" in capsys.readouterr().out
    out = _only_export(usb)
    manifest = json.loads((out / "manifest.json").read_text())
    names = {e["name"] for e in manifest["files"]}
    assert {"smartstep.db", "patients.csv", "sessions.csv", "reps.csv"} <= names
    assert [n for n in names if n.startswith("recordings/")] == [
        f"recordings/{p.relative_to(kiosk.data / 'recordings').as_posix()}"
        for p in (kiosk.data / "recordings").rglob(f"{done}.csv.gz")]
    for entry in manifest["files"]:
        data = (out / entry["name"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
    assert manifest["kind"] == "full" and manifest["missing"] == []
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith((".part", "-wal", "-journal"))]
    assert leftovers == []

    # Only finished sessions: the running one waits for the next export.
    snapshot = sqlite3.connect(out / "smartstep.db")
    assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r[0] for r in snapshot.execute("SELECT id FROM sessions")] == [done]
    assert snapshot.execute("SELECT count(*) FROM reps WHERE session_id = ?",
                            [running]).fetchone()[0] == 0
    snapshot.close()
    assert [r["id"] for r in _rows(out / "sessions.csv")] == [done]
    # The kiosk's database and recordings are untouched; the running session still runs.
    assert kiosk.digest() == before
    with kiosk.store() as store:
        assert store.get_session(running)["status"] == "open"


def test_csvs_open_in_a_spreadsheet(kiosk, usb):
    kiosk.add_session(reps=2)
    result = export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    raw = (result.folder / "reps.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,session_id,") and len(lines) == 3  # one header row
    rows = _rows(result.folder / "reps.csv")
    assert rows[0]["peak_mm"] == "71.0" and "," not in rows[0]["lsi"]  # decimal points
    session = _rows(result.folder / "sessions.csv")[0]
    assert session["started_at"][10] == "T" and session["started_at"].endswith("Z")  # ISO 8601


def test_missing_recordings_are_listed_and_counted(kiosk, usb, capsys):
    kiosk.add_session()
    _, lost = kiosk.add_session("Bob")
    (lost_file,) = (kiosk.data / "recordings").rglob(f"{lost}.csv.gz")
    lost_file.unlink()
    assert main(["export", str(usb)]) == 0
    assert "1 recording(s) registered but not on the kiosk's disk" in capsys.readouterr().out
    manifest = json.loads((_only_export(usb) / "manifest.json").read_text())
    assert [(m["session_id"], m["reason"]) for m in manifest["missing"]] == [(lost, "lost")]
    assert not any(lost in e["name"] for e in manifest["files"])


def test_incremental_export_holds_what_is_new_since_this_sticks_last_export(kiosk, usb):
    _, first = kiosk.add_session()
    _, running = kiosk.add_session("Bob", finish=False)
    full = export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False)
    assert full.kind == "full" and full.sessions == 1  # no memory on the stick yet: full

    with kiosk.store() as store:
        store.end_session(running)
    _, later = kiosk.add_session("Cy")
    inc = export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False)
    assert inc.kind == "incremental"
    snapshot = sqlite3.connect(inc.folder / "smartstep.db")
    # The session running during the last export comes now, with all its reps.
    assert {r[0] for r in snapshot.execute("SELECT id FROM sessions")} == {running, later}
    assert snapshot.execute("SELECT count(*) FROM reps").fetchone()[0] == 6
    assert snapshot.execute("SELECT count(*) FROM patients").fetchone()[0] == 3  # always whole
    snapshot.close()
    recordings = [e["name"] for e in json.loads((inc.folder / "manifest.json").read_text())[
        "files"] if e["name"].startswith("recordings/")]
    assert len(recordings) == 2 and not any(first in n for n in recordings)

    again = export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False)
    assert again.kind == "incremental" and again.sessions == 0


def test_unreadable_stick_memory_means_a_full_export(kiosk, usb):
    kiosk.add_session()
    export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    (usb / "SmartStep" / kiosk.step_id / "last-export-pseudonymised.json").write_text("{broken")
    assert export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False).kind == "full"


def test_each_form_of_export_keeps_its_own_stick_memory(kiosk, usb):
    kiosk.add_session()
    export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    assert export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False).kind == "incremental"
    # The same stick's exports with names (or encrypted) keep their own memory.
    assert export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False,
                  with_names=True).kind == "full"
    assert export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False,
                  passphrase="correct horse").kind == "full"
    assert (kiosk.data / "pseudonym.key").stat().st_mode & 0o077 == 0


def test_secret_columns_never_leave_the_kiosk(kiosk, usb):
    kiosk.add_session()
    conn = sqlite3.connect(kiosk.db)
    conn.execute("INSERT INTO staff_accounts (id, name, role, pin_hash, created_at, updated_at)"
                 " VALUES ('s1', 'Dr Who', 'admin', 'scrypt$abc$SECRET', 'x', 'x')")
    conn.commit()
    conn.close()
    result = export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    assert b"SECRET" not in (result.folder / "smartstep.db").read_bytes()
    snapshot = sqlite3.connect(result.folder / "smartstep.db")
    assert snapshot.execute("SELECT name, pin_hash FROM staff_accounts").fetchall() == [
        ("Dr Who", "")]
    snapshot.close()


def test_progress_names_each_file_and_grows(kiosk, usb):
    for name in ("Ann", "Bob"):
        kiosk.add_session(name)
    seen = []
    export(kiosk.db, kiosk.data, usb, kiosk.step_id, progress=seen.append)
    files = [p.file for p in seen]
    assert files[0] == "smartstep.db" and files[-1] == "manifest.json"
    assert {"patients.csv", "sessions.csv", "reps.csv"} <= set(files)
    assert sum(f.startswith("recordings/") for f in set(files)) == 2
    assert all(1 <= p.index <= p.count for p in seen) and seen[-1].count == 7
    written = [p.bytes_written for p in seen]
    assert written == sorted(written) and 0 <= seen[-1].fraction <= 1


@pytest.mark.parametrize("stop_at", ["smartstep.db", "reps.csv", "recordings/", "manifest.json"])
def test_cancel_leaves_no_export_that_looks_complete(kiosk, usb, stop_at):
    kiosk.add_session()
    before = kiosk.digest()
    token = CancelToken()

    def progress(p):
        if p.file.startswith(stop_at):
            token.cancel()

    with pytest.raises(ExportFailed) as failed:
        export(kiosk.db, kiosk.data, usb, kiosk.step_id, progress=progress, cancel=token)
    assert failed.value.code == ExportCode.CANCELLED
    assert not list(usb.rglob("manifest.json")) and not list(usb.rglob("last-export*.json"))
    assert list((usb / "SmartStep" / kiosk.step_id).iterdir()) == []  # removed
    assert kiosk.digest() == before
    # The next export retries cleanly.
    assert export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False).kind == "full"


def test_a_slow_snapshot_hash_still_reports_progress_and_honours_cancel(kiosk, usb,
                                                                         monkeypatch):
    """The CSVs can be done before the snapshot's hash (a large database with few reps)."""
    from kiosk.sync import exporter

    monkeypatch.setattr(exporter, "HEARTBEAT_S", 0.01)
    hashing = threading.Event()

    def slow_hash(run, path):  # hashes only once the export is cancelled or 30 s pass
        hashing.set()
        run.hash_stop.wait(30.0)
        raise exporter.Cancelled

    monkeypatch.setattr(exporter._Export, "_hash_back", slow_hash)
    kiosk.add_session()
    token = CancelToken()
    waiting = []

    def progress(p):
        if hashing.is_set() and p.file == "reps.csv":
            waiting.append(p.bytes_written)
            if len(waiting) >= 6 and len(set(waiting[-5:])) == 1:
                token.cancel()  # five reports with nothing new: waiting for the hash

    started = time.monotonic()
    with pytest.raises(ExportFailed) as failed:
        export(kiosk.db, kiosk.data, usb, kiosk.step_id, progress=progress, cancel=token)
    assert failed.value.code == ExportCode.CANCELLED
    assert len(waiting) >= 6 and time.monotonic() - started < 20.0
    assert list((usb / "SmartStep" / kiosk.step_id).iterdir()) == []


def test_cancel_during_an_incremental_snapshot(kiosk, usb):
    kiosk.add_session()
    export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    kiosk.add_session("Bob")
    token = CancelToken()
    token.cancel()
    with pytest.raises(ExportFailed) as failed:
        export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False, cancel=token)
    assert failed.value.code == ExportCode.CANCELLED
    assert len(list(usb.rglob("manifest.json"))) == 1  # only the first, complete one


def test_export_to_a_missing_folder_is_one_clear_line(kiosk, tmp_path, capsys):
    kiosk.add_session()
    assert main(["export", str(tmp_path / "not-mounted")]) == 2
    err = capsys.readouterr().err
    assert "not a folder" in err and err.count("\n") == 1


def test_export_without_a_database(usb, capsys):
    assert main(["export", str(usb)]) == 2
    assert "nothing to export" in capsys.readouterr().err


def test_two_exports_in_the_same_second_do_not_collide(kiosk, usb):
    kiosk.add_session()
    first = export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    second = export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    assert first.folder != second.folder and (second.folder / "manifest.json").exists()


def test_export_of_a_damaged_database_is_one_clear_line(kiosk, usb, capsys):
    kiosk.data.mkdir(parents=True)
    kiosk.db.write_bytes(b"not a database" * 300)
    assert main(["export", str(usb)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read as a database" in err and err.count("\n") == 1
    assert list((usb / "SmartStep" / "step-01").iterdir()) == []  # nothing half-written


def test_csv_blocks_written_by_several_threads_come_out_whole_and_in_order(kiosk, usb,
                                                                            monkeypatch):
    monkeypatch.setattr("kiosk.sync.csv_tables.ROWS_PER_CHUNK", 2)
    kiosk.add_session(reps=9)
    kiosk.add_session("Bob", reps=4)
    result = export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    snapshot = sqlite3.connect(result.folder / "smartstep.db")
    expected = [r[0] for r in snapshot.execute("SELECT id FROM reps ORDER BY rowid")]
    snapshot.close()
    assert [r["id"] for r in _rows(result.folder / "reps.csv")] == expected
    assert len(expected) == 13


def test_the_kiosk_keeps_writing_during_a_full_export(kiosk, usb, monkeypatch, make_rep):
    """The backup runs in one read transaction: reps committed meanwhile are neither
    lost to the kiosk nor half in the snapshot (they go into the next export)."""
    monkeypatch.setattr("kiosk.sync.snapshot.BACKUP_PAGES", 1)  # many steps
    kiosk.add_session(reps=2)
    _, running = kiosk.add_session("Bob", reps=1, finish=False)
    store = kiosk.store()
    added = []

    def write_meanwhile(p):
        if p.file == "smartstep.db" and len(added) < 3:
            added.append(store.add_rep(running, 1, len(added) + 2, make_rep(80.0)))

    try:
        result = export(kiosk.db, kiosk.data, usb, kiosk.step_id, progress=write_meanwhile)
        assert len(added) == 3
        snapshot = sqlite3.connect(result.folder / "smartstep.db")
        assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert snapshot.execute("SELECT count(*) FROM reps").fetchone()[0] == 2
        snapshot.close()
        assert store.query("SELECT count(*) AS n FROM reps WHERE session_id = ?",
                           [running])[0]["n"] == 4
        store.end_session(running)
        later = export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False)
        assert later.sessions == 1
        snapshot = sqlite3.connect(later.folder / "smartstep.db")
        assert snapshot.execute("SELECT count(*) FROM reps").fetchone()[0] == 4
        snapshot.close()
    finally:
        store.close()


def test_a_pseudonym_key_that_cannot_be_made_is_one_clear_line(kiosk, usb, capsys):
    kiosk.add_session()
    (kiosk.data / "pseudonym.key").mkdir()  # in the way: cannot be read or made
    assert main(["export", str(usb), "--pseudonymise"]) == 2
    err = capsys.readouterr().err
    assert "pseudonym key" in err and err.count("\n") == 1
    assert not list(usb.rglob("manifest.json"))


def test_exports_at_the_same_moment_get_their_own_folders(tmp_path):
    """Two exports started together (two processes, or a double tap) never collide."""
    import threading

    from kiosk.storage.store import Store
    from kiosk.sync.exporter import export as export_now

    data = tmp_path / "kiosk"
    with Store(data / "smartstep.db") as store:
        store.add_patient("Someone")
    stick = tmp_path / "stick"
    stick.mkdir()
    outs, failures = [], []
    start = threading.Barrier(4)

    def one() -> None:
        start.wait()
        try:
            outs.append(export_now(data / "smartstep.db", data, stick, "step-01").folder)
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(set(outs)) == 4 and all((o / "manifest.json").is_file() for o in outs)


def test_sessions_quality_travels_in_the_default_export(kiosk, usb):
    # The measurement's verdict identifies nobody: the pseudonymised export keeps it.
    _, sid = kiosk.add_session()
    with kiosk.store() as store:
        store.db.execute("UPDATE sessions SET quality = 'poor', quality_record = ?,"
                         " staff_included = 1 WHERE id = ?",
                         ['{"verdict": "poor", "reasons": ["tof_dropouts"]}', sid])
    result = export(kiosk.db, kiosk.data, usb, kiosk.step_id)
    assert result.pseudonymised
    (row,) = _rows(result.folder / "sessions.csv")
    assert (row["quality"], row["staff_included"]) == ("poor", "1")
    assert json.loads(row["quality_record"])["reasons"] == ["tof_dropouts"]
    snapshot = sqlite3.connect(result.folder / "smartstep.db")
    try:
        assert snapshot.execute("SELECT quality FROM sessions").fetchone()[0] == "poor"
    finally:
        snapshot.close()
