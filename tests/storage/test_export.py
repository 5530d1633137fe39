"""smartstep export: snapshot, CSVs, recordings and a manifest written last."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3

from kiosk.analysis.samples import Sample
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.programme import Programme
from kiosk.storage.export import export
from kiosk.storage.recordings import SessionRecording
from kiosk.storage.store import Store


def _kiosk_with_a_session(make_rep):
    config = load_config()
    store = Store(config.db_path(), data_dir=config.data_path())
    pid = store.add_patient("Ann")
    sid = store.start_session(pid, Programme(), step_id=config.step_id)
    for n in range(1, 4):
        store.add_rep(sid, 1, n, make_rep(70.0 + n))
    with SessionRecording(store, sid) as rec:
        rec.write(Sample(0.0, 120.0, (1, 2, 3, 4, 5, 6)))
    store.end_session(sid)
    return store, sid


def test_export_command_writes_a_complete_export(tmp_path, make_rep, capsys):
    store, sid = _kiosk_with_a_session(make_rep)
    # A session still running while the export is taken stays open in the kiosk.
    running = store.start_session(None, Programme(), step_id="step-01")
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["export", str(usb)]) == 0
    assert "export complete" in capsys.readouterr().out
    (out,) = (usb / "SmartStep" / "step-01").iterdir()

    manifest = json.loads((out / "manifest.json").read_text())
    names = {e["name"] for e in manifest["files"]}
    assert {"smartstep.db", "patients.csv", "sessions.csv", "reps.csv"} <= names
    assert any(n.startswith("recordings/") and n.endswith(".csv.gz") for n in names)
    for entry in manifest["files"]:
        data = (out / entry["name"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
    assert not list(out.glob("*.tmp")) and not list(out.glob("*-wal"))

    snapshot = sqlite3.connect(out / "smartstep.db")
    assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert snapshot.execute("SELECT count(*) FROM reps WHERE session_id = ?",
                            [sid]).fetchone()[0] == 3
    with (out / "reps.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 3 and {"session_id", "peak_mm", "stance", "faults"} <= set(rows[0])
    # The export did not touch the kiosk's database: the running session is still open.
    assert store.get_session(running)["status"] == "open"
    store.close()


def test_export_to_a_missing_folder_is_one_clear_line(tmp_path, make_rep, capsys):
    store, _ = _kiosk_with_a_session(make_rep)
    store.close()
    assert main(["export", str(tmp_path / "not-mounted")]) == 2
    err = capsys.readouterr().err
    assert "not a folder" in err and err.count("\n") == 1


def test_export_without_a_database(tmp_path, capsys):
    assert main(["export", str(tmp_path)]) == 2
    assert "nothing to export" in capsys.readouterr().err


def test_two_exports_in_the_same_second_do_not_collide(tmp_path, make_rep):
    store, _ = _kiosk_with_a_session(make_rep)
    store.close()
    config = load_config()
    first = export(config.db_path(), config.data_path(), tmp_path, "step-01")
    second = export(config.db_path(), config.data_path(), tmp_path, "step-01")
    assert first != second and (second / "manifest.json").exists()


def test_export_of_a_damaged_database_is_one_clear_line(tmp_path, capsys):
    path = load_config().db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 300)
    assert main(["export", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read as a database" in err and err.count("\n") == 1
    step_dir = tmp_path / "SmartStep" / "step-01"
    assert not step_dir.exists() or not list(step_dir.iterdir())  # nothing half-written


def test_exports_at_the_same_moment_get_their_own_folders(tmp_path):
    """Two exports started together (two processes, or a double tap) never collide."""
    import threading

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
            outs.append(export(data / "smartstep.db", data, stick, "step-01"))
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(set(outs)) == 4 and all((o / "manifest.json").is_file() for o in outs)
