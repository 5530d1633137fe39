"""Exports are pseudonymised unless staff ask for names, and asking is audited."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from kiosk.cli import main
from kiosk.sync.codes import ExportCode
from kiosk.sync.exporter import export
from kiosk.sync.service import WITH_NAMES_ACTION, SyncEventKind, SyncService
from kiosk.sync.sim_sticks import SimStickBackend

IDENTIFYING = (b"Annabel", b"778899", b"1961", b"Achilles", b"Dr Quill", b"Annabel's plan",
               b"after her fall")


def _identified_patient(kiosk):
    pid, _ = kiosk.add_session("Annabel Lee", clinic_id="MRN-778899")
    with kiosk.store() as store:
        store.update_patient(pid, notes="Annabel's left Achilles", birth_year=1961,
                             diagnosis="Achilles rupture after her fall", sex="f")
        columns = {r[1] for r in store.db.execute("PRAGMA table_info(patients)").fetchall()}
        if "clinician" in columns:  # the patient's clinician, where the schema has one
            store.db.execute("UPDATE patients SET clinician = 'Dr Quill'")
        store.db.execute("UPDATE programmes SET name = ?, note = ?",
                         ["Annabel's plan", "after her fall"])
    return pid


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def _files(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_default_export_identifies_nobody_in_the_csvs_or_the_snapshot(kiosk, usb):
    pid = _identified_patient(kiosk)
    first = export(kiosk.db, kiosk.data, usb, kiosk.step_id)  # full: the fast copy
    kiosk.add_session(patient_id=pid)
    second = export(kiosk.db, kiosk.data, usb, kiosk.step_id, full=False)
    assert first.pseudonymised and second.kind == "incremental" and second.sessions == 1
    for folder in (first.folder, second.folder):
        for path in _files(folder):
            data = path.read_bytes()
            for word in IDENTIFYING:
                assert word not in data, (path, word)
    one, two = (_rows(f.folder / "patients.csv")[0] for f in (first, second))
    assert one["clinic_id"].startswith("P-") and one["clinic_id"] == two["clinic_id"]
    assert one["name"] == one["clinic_id"] and one["id"] == pid  # merges still work
    assert one["sex"] == "f" and one["birth_year"] == "" and one["notes"] == ""
    manifest = json.loads((first.folder / "manifest.json").read_text())
    assert manifest["pseudonymised"] is True
    snapshot = sqlite3.connect(first.folder / "smartstep.db")
    try:
        assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert snapshot.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
        assert snapshot.execute("SELECT count(*) FROM reps").fetchone()[0] == 3
    finally:
        snapshot.close()


def test_a_running_session_stays_out_of_the_fast_full_copy(kiosk, usb):
    _, done = kiosk.add_session()
    pid, running = kiosk.add_session("Bob", finish=False)
    out = export(kiosk.db, kiosk.data, usb, kiosk.step_id).folder
    snapshot = sqlite3.connect(out / "smartstep.db")
    try:
        assert [r[0] for r in snapshot.execute("SELECT id FROM sessions")] == [done]
        for table in ("reps", "recordings"):
            assert snapshot.execute(f"SELECT count(*) FROM {table} WHERE session_id = ?",
                                    [running]).fetchone()[0] == 0
        assert snapshot.execute("SELECT last_session_id FROM patients WHERE id = ?",
                                [pid]).fetchone()[0] is None
    finally:
        snapshot.close()


def _audit(kiosk):
    with kiosk.store() as store:
        return store.query("SELECT actor, action, detail FROM audit_log WHERE action = ?",
                           [WITH_NAMES_ACTION])


def test_names_only_with_the_flag_and_the_flag_is_audited(kiosk, usb, capsys):
    _identified_patient(kiosk)
    assert main(["export", str(usb)]) == 0
    assert "pseudonymised" in capsys.readouterr().out and _audit(kiosk) == []
    assert main(["export", str(usb), "--with-names"]) == 0
    assert "with names" in capsys.readouterr().out
    (entry,) = _audit(kiosk)
    assert entry["actor"].endswith("(command line)")
    folder = Path(json.loads(entry["detail"])["folder"])
    assert folder.parent == usb / "SmartStep" / kiosk.step_id
    assert b"Annabel" in (folder / "patients.csv").read_bytes()


def test_names_and_pseudonymised_are_refused_together(kiosk, usb, capsys):
    kiosk.add_session()
    assert main(["export", str(usb), "--with-names", "--pseudonymise"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def _service(kiosk, tmp_path, audit):
    backend = SimStickBackend(tmp_path / "sim-usb", poll_s=3600)
    service = SyncService(backend, kiosk.db, kiosk.data, kiosk.step_id, audit=audit)
    events = []
    service.add_listener(events.append)
    service.start()
    (backend.root / "KINGSTON").mkdir(parents=True)
    backend.scan()
    return service, events


def test_the_screen_service_audits_who_chose_names_and_where(kiosk, tmp_path, wait_for):
    _identified_patient(kiosk)
    written = []
    service, events = _service(kiosk, tmp_path,
                               lambda who, action, detail: written.append((who, action, detail)))
    try:
        assert not service.export("KINGSTON", full=True, with_names=True)  # nobody named
        assert service.export("KINGSTON", full=True, with_names=True, by="Nora Nurse")
        wait_for(lambda: [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED])
    finally:
        service.close()
    (done,) = [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED]
    assert done.code == ExportCode.DONE and not done.result.pseudonymised
    ((who, action, detail),) = written
    assert (who, action, detail["stick"]) == ("Nora Nurse", WITH_NAMES_ACTION, "KINGSTON")
    assert detail["folder"] == str(done.result.folder)


def test_names_the_audit_log_cannot_record_are_not_exported(kiosk, tmp_path, wait_for):
    _identified_patient(kiosk)

    def broken(who, action, detail):
        raise sqlite3.OperationalError("database is locked")

    service, events = _service(kiosk, tmp_path, broken)
    try:
        assert service.export("KINGSTON", full=True, with_names=True, by="Nora Nurse")
        wait_for(lambda: [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED])
    finally:
        service.close()
    (done,) = [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED]
    assert done.code == ExportCode.AUDIT_FAILED
    assert [p for p in (tmp_path / "sim-usb" / "KINGSTON").rglob("*") if p.is_file()] == []


def test_automatic_exports_are_pseudonymised(kiosk, tmp_path, wait_for):
    _identified_patient(kiosk)
    backend = SimStickBackend(tmp_path / "sim-usb", poll_s=3600)
    service = SyncService(backend, kiosk.db, kiosk.data, kiosk.step_id, auto_export=True)
    events = []
    service.add_listener(events.append)
    service.start()
    try:
        (backend.root / "AUTO" / "SmartStep").mkdir(parents=True)
        backend.scan()
        wait_for(lambda: [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED])
    finally:
        service.close()
    (done,) = [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED]
    assert done.code == ExportCode.DONE and done.result.pseudonymised


def test_pseudonymised_and_named_exports_never_mix_in_one_database(kiosk, usb, tmp_path,
                                                                   capsys):
    kiosk.add_session("Annabel Lee", clinic_id="MRN-778899")
    plain = export(kiosk.db, kiosk.data, usb, kiosk.step_id).folder
    named = export(kiosk.db, kiosk.data, usb, kiosk.step_id, with_names=True).folder
    research, clinic = tmp_path / "research.db", tmp_path / "clinic.db"
    assert main(["merge", str(research), str(plain), str(named)]) == 2
    assert "different databases" in capsys.readouterr().err and not research.exists()
    assert main(["merge", str(research), str(plain)]) == 0
    assert main(["merge", str(clinic), str(named)]) == 0
    capsys.readouterr()
    before = research.read_bytes(), clinic.read_bytes()
    assert main(["merge", str(research), str(named)]) == 2
    assert "holds pseudonymised patients" in capsys.readouterr().err
    assert main(["merge", str(clinic), str(plain)]) == 2
    assert "holds patients with names" in capsys.readouterr().err
    assert (research.read_bytes(), clinic.read_bytes()) == before
