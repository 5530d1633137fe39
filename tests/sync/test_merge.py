"""smartstep merge: exports of several kiosks into one database, idempotent by UUID."""

from __future__ import annotations

import json

from kiosk.cli import main
from kiosk.programme import Programme
from kiosk.storage import queries
from kiosk.storage.store import Store
from kiosk.sync.exporter import export
from kiosk.sync.merge import merge


def _kiosk(root, step_id, make_rep, patient_name):
    data = root / step_id
    with Store(data / "smartstep.db") as store:
        pid = store.add_patient(patient_name)
        sid = store.start_session(pid, Programme(), step_id=step_id)
        for n in range(1, 6):
            store.add_rep(sid, 1, n, make_rep(60.0 + n))
        store.end_session(sid)
    return data, pid, sid


def _dump(path):
    with Store(path, recover=False) as store:
        return {t: store.query(f"SELECT * FROM {t} ORDER BY id")
                for t in ("patients", "sessions", "reps", "audit_log")}


def test_merge_twice_changes_nothing(tmp_path, make_rep, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    exports = []
    for step, name in (("step-01", "Ann"), ("step-02", "Bob")):
        data, _, _ = _kiosk(tmp_path, step, make_rep, name)
        exports.append(export(data / "smartstep.db", data, usb, step))
    target = tmp_path / "clinic" / "all.db"

    assert main(["merge", str(target), *map(str, exports)]) == 0
    out = capsys.readouterr().out
    # Counts are the rows merged, not the summary rows triggers touched.
    assert "2 patients" in out and "2 sessions" in out and "10 reps" in out
    first = _dump(target)
    assert len(first["patients"]) == 2 and len(first["reps"]) == 10
    with Store(target, recover=False) as merged:
        names = {r["name"] for r in queries.patients_with_last_session(merged)}
    assert names == {"Ann", "Bob"}

    assert main(["merge", str(target), *map(str, exports)]) == 0
    assert "0 records" in capsys.readouterr().out
    assert _dump(target) == first


def test_newer_record_wins(tmp_path, make_rep):
    usb = tmp_path / "usb"
    usb.mkdir()
    data, pid, _ = _kiosk(tmp_path, "step-01", make_rep, "Ann")
    old = export(data / "smartstep.db", data, usb, "step-01")
    with Store(data / "smartstep.db") as store:
        store.update_patient(pid, notes="moved to single-leg")
    new = export(data / "smartstep.db", data, usb, "step-01")
    target = tmp_path / "all.db"
    # Order does not matter: the newer updated_at is kept either way.
    merge(target, [new, old])
    with Store(target, recover=False) as store:
        assert store.get_patient(pid)["notes"] == "moved to single-leg"


def test_incomplete_or_damaged_export_is_refused(tmp_path, make_rep, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    data, _, _ = _kiosk(tmp_path, "step-01", make_rep, "Ann")
    out = export(data / "smartstep.db", data, usb, "step-01")
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").unlink()
    assert main(["merge", str(tmp_path / "t.db"), str(out)]) == 2
    assert "not a complete export" in capsys.readouterr().err

    (out / "manifest.json").write_text(json.dumps(manifest))
    with (out / "smartstep.db").open("r+b") as file:
        file.seek(200)
        file.write(b"\xff" * 16)
    assert main(["merge", str(tmp_path / "t.db"), str(out)]) == 2
    assert "does not match its manifest" in capsys.readouterr().err
    assert not (tmp_path / "t.db").exists()
