"""Encrypted exports: a lost stick shows nothing; merge opens them with the passphrase and
refuses a wrong one, a damaged archive or a half-written export without changing anything."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest

from kiosk.cli import main
from kiosk.sync.codes import ExportCode, ExportFailed
from kiosk.sync.exporter import CancelToken, export
from kiosk.sync.manifest import ARCHIVE, KEY
from kiosk.sync.service import SyncEventKind, SyncService
from kiosk.sync.sim_sticks import SimStickBackend

PASSPHRASE = "correct horse battery"


@pytest.fixture
def passphrase_file(tmp_path, monkeypatch):
    monkeypatch.delenv("SMARTSTEP_EXPORT_PASSPHRASE", raising=False)
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n")
    return path


@pytest.fixture(scope="module")
def sealed_once(tmp_path_factory):
    """One kiosk's plain and encrypted exports, made once (each passphrase costs about a
    second of scrypt): tests copy them before they damage anything."""
    from kiosk.programme import Programme
    from kiosk.storage.store import Store

    root = tmp_path_factory.mktemp("sealed")
    data, usb = root / "kiosk", root / "usb"
    usb.mkdir()
    with Store(data / "smartstep.db", data_dir=data) as store:
        pid = store.add_patient("Ann", clinic_id="C-1")
        sid = store.start_session(pid, Programme(), step_id="step-01")
        store.add_rep(sid, 1, 1, {"start_s": 1.0, "top_s": 2.5, "end_s": 5.0, "peak_mm": 80.0,
                                  "up_s": 1.2, "down_s": 2.4, "stance": "both", "faults": []})
        store.end_session(sid)
    plain = export(data / "smartstep.db", data, usb, "step-01").folder
    sealed = export(data / "smartstep.db", data, usb, "step-01", passphrase=PASSPHRASE).folder
    return plain, sealed


@pytest.fixture
def sealed(sealed_once, tmp_path):
    """A copy of the shared encrypted export (and the plain one) for one test."""
    plain, sealed = sealed_once
    shutil.copytree(plain, tmp_path / "plain")
    shutil.copytree(sealed, tmp_path / "sealed")
    return tmp_path / "plain", tmp_path / "sealed"


def _only_export(usb, step_id="step-01"):
    (folder,) = [p for p in (usb / "SmartStep" / step_id).iterdir() if p.is_dir()]
    return folder


def _counts(db):
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("patients", "sessions", "reps", "recordings")}
    finally:
        conn.close()


def test_an_encrypted_export_shows_nothing_and_merges_with_its_passphrase(
        kiosk, usb, tmp_path, passphrase_file, capsys):
    kiosk.add_session("Annabel Lee", clinic_id="MRN-778899")
    kiosk.add_session("Bob", clinic_id="MRN-1002")
    assert main(["export", str(usb), "--encrypt", "--with-names",
                 "--passphrase-file", str(passphrase_file)]) == 0
    assert "with names, encrypted" in capsys.readouterr().out
    out = _only_export(usb)
    assert sorted(p.name for p in out.iterdir()) == [ARCHIVE, KEY, "manifest.json"]
    for path in out.iterdir():
        data = path.read_bytes()
        for word in (b"Annabel", b"778899", b"SQLite format", b"smartstep.db", b"reps.csv"):
            assert word not in data, (path, word)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["encrypted"] is True and manifest["pseudonymised"] is False
    assert not (kiosk.data / "export-staging").exists()

    target = tmp_path / "clinic" / "clinic.db"
    target.parent.mkdir()
    args = ["merge", str(target), str(out), "--passphrase-file", str(passphrase_file)]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("merged 1 export(s)")
    assert _counts(target) == {"patients": 2, "sessions": 2, "reps": 6, "recordings": 2}
    names = {r[0] for r in sqlite3.connect(target).execute("SELECT name FROM patients")}
    assert names == {"Annabel Lee", "Bob"}
    assert len(list((target.parent / "recordings").rglob("*.csv.gz"))) == 2
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".smartstep")] == []
    # Merging again changes nothing.
    assert main(args) == 0
    assert "0 records added or updated" in capsys.readouterr().out


def test_the_passphrase_comes_from_the_environment_too(sealed, tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTSTEP_EXPORT_PASSPHRASE", PASSPHRASE)
    assert main(["merge", str(tmp_path / "clinic.db"), str(sealed[1])]) == 0
    assert _counts(tmp_path / "clinic.db")["reps"] == 1


def _refused(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def _write(path, text):
    path.write_text(text + "\n")
    return path


def test_a_wrong_passphrase_is_one_line_and_the_target_is_unchanged(sealed, tmp_path, capsys):
    plain, out = sealed
    target = tmp_path / "clinic.db"
    assert main(["merge", str(target), str(plain)]) == 0
    capsys.readouterr()
    before = target.read_bytes()
    wrong = _write(tmp_path / "wrong.txt", "not the passphrase")
    err = _refused(["merge", str(target), str(out), "--passphrase-file", str(wrong)], capsys)
    assert "wrong passphrase" in err
    assert target.read_bytes() == before
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".smartstep-merge")] == []


def test_no_way_to_ask_for_the_passphrase_is_one_line(kiosk, sealed, usb, tmp_path,
                                                     monkeypatch, capsys):
    monkeypatch.delenv("SMARTSTEP_EXPORT_PASSPHRASE", raising=False)
    out = sealed[1]
    err = _refused(["merge", str(tmp_path / "clinic.db"), str(out)], capsys)
    assert "--passphrase-file" in err and not (tmp_path / "clinic.db").exists()
    kiosk.add_session()
    err = _refused(["export", str(usb), "--encrypt"], capsys)
    assert "--passphrase-file" in err
    missing = tmp_path / "nowhere.txt"
    err = _refused(["merge", str(tmp_path / "clinic.db"), str(out), "--passphrase-file",
                    str(missing)], capsys)
    assert str(missing) in err


def test_a_short_passphrase_is_refused_before_anything_is_written(kiosk, usb, tmp_path,
                                                                  capsys):
    kiosk.add_session()
    err = _refused(["export", str(usb), "--encrypt", "--passphrase-file",
                    str(_write(tmp_path / "short.txt", "1234"))], capsys)
    assert "at least 8 characters" in err
    assert list(usb.iterdir()) == []


def test_a_damaged_archive_is_refused_and_nothing_is_merged(sealed, tmp_path, capsys):
    out = sealed[1]
    archive = out / ARCHIVE
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    right = _write(tmp_path / "right.txt", PASSPHRASE)
    target = tmp_path / "clinic.db"
    err = _refused(["merge", str(target), str(out), "--passphrase-file", str(right)], capsys)
    assert "does not match its manifest" in err and not target.exists()
    # Even with a manifest that matches the damage, age's own check refuses it.
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["name"] == ARCHIVE:
            entry["sha256"] = hashlib.sha256(bytes(data)).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest))
    err = _refused(["merge", str(target), str(out), "--passphrase-file", str(right)], capsys)
    assert "damaged" in err and not target.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".smartstep-merge")] == []


def test_a_half_written_encrypted_export_is_incomplete(sealed, tmp_path, capsys):
    out = sealed[1]
    (out / "manifest.json").unlink()  # the stick was pulled before the manifest
    err = _refused(["merge", str(tmp_path / "clinic.db"), str(out), "--passphrase-file",
                    str(_write(tmp_path / "right.txt", PASSPHRASE))], capsys)
    assert "not a complete export" in err


class _Service:
    def __init__(self, kiosk, tmp_path):
        self.backend = SimStickBackend(tmp_path / "sim-usb", poll_s=3600)
        self.service = SyncService(self.backend, kiosk.db, kiosk.data, kiosk.step_id)
        self.events = []
        self.hooks = []
        self.service.add_listener(self._on_event)
        self.service.start()

    def _on_event(self, event):
        self.events.append(event)
        for hook in self.hooks:
            hook(event)

    def insert(self, label, settings=None):
        folder = self.backend.root / label
        folder.mkdir(parents=True)
        if settings is not None:
            (folder / ".sim-stick.json").write_text(json.dumps(settings))
        self.backend.scan()
        return folder

    def finished(self):
        return [e for e in self.events if e.kind == SyncEventKind.EXPORT_FINISHED]


@pytest.fixture
def service(kiosk, tmp_path):
    service = _Service(kiosk, tmp_path)
    yield service
    service.service.close()
    service.backend.stop()


def test_a_stick_pulled_while_the_archive_is_written(kiosk, service, wait_for):
    kiosk.add_session()
    kiosk.add_session("Bob")
    before = kiosk.digest()
    folder = service.insert("PULLED")

    def pull(event):
        sealing = (event.kind == SyncEventKind.EXPORT_PROGRESS
                   and event.progress.file == ARCHIVE and event.progress.bytes_written > 0)
        if sealing and folder.exists():
            shutil.rmtree(folder)

    service.hooks.append(pull)
    assert service.service.export("PULLED", full=True, passphrase=PASSPHRASE)
    wait_for(service.finished, timeout=30)
    assert service.finished()[0].code == ExportCode.STICK_REMOVED
    assert kiosk.digest() == before  # the staging folder is gone too


@pytest.mark.parametrize("room", ["half", "all_but_the_archive_overhead"])
def test_a_full_stick_during_an_encrypted_export(kiosk, service, tmp_path, wait_for, room):
    kiosk.add_session()
    (tmp_path / "measure").mkdir()
    whole = export(kiosk.db, kiosk.data, tmp_path / "measure", kiosk.step_id).bytes
    before = kiosk.digest()
    # Refused before the archive (less room than the prepared export), or full while
    # the archive is written (room for the export, not for tar's and age's few KB).
    capacity = whole / 2 if room == "half" else whole + 300
    folder = service.insert("TINY", {"capacity_mb": capacity / 1e6})
    assert service.service.export("TINY", full=True, passphrase=PASSPHRASE)
    wait_for(service.finished, timeout=30)
    assert service.finished()[0].code == ExportCode.STICK_FULL, service.finished()[0].detail
    assert [p for p in folder.rglob("*") if p.is_file() and p.name != ".sim-stick.json"] == []
    assert kiosk.digest() == before


def test_cancel_while_sealing_leaves_nothing(kiosk, usb):
    kiosk.add_session()
    before = kiosk.digest()
    cancel = CancelToken()

    def progress(p):
        if p.file == ARCHIVE and p.bytes_written > 0:
            cancel.cancel()

    with pytest.raises(ExportFailed) as failed:
        export(kiosk.db, kiosk.data, usb, kiosk.step_id, passphrase=PASSPHRASE,
               progress=progress, cancel=cancel)
    assert failed.value.code == ExportCode.CANCELLED
    assert [p for p in usb.rglob("*") if p.is_file()] == []
    assert kiosk.digest() == before


def test_no_room_on_the_kiosk_to_prepare_it_is_a_kiosk_problem(kiosk, usb, capsys):
    kiosk.add_session()
    (kiosk.data / "export-staging").write_text("in the way")
    with pytest.raises(ExportFailed) as failed:
        export(kiosk.db, kiosk.data, usb, kiosk.step_id, passphrase=PASSPHRASE)
    assert failed.value.code == ExportCode.KIOSK_STORAGE
    assert [p for p in usb.rglob("*") if p.is_file()] == []


def test_a_configured_passphrase_encrypts_every_export_even_automatic_ones(
        kiosk, tmp_path, wait_for, monkeypatch, capsys):
    kiosk.add_session("Annabel Lee", clinic_id="MRN-778899")
    secret = _write(tmp_path / "export-passphrase", PASSPHRASE)
    backend = SimStickBackend(tmp_path / "sim-usb", poll_s=3600)
    service = SyncService(backend, kiosk.db, kiosk.data, kiosk.step_id, auto_export=True,
                          passphrase_file=secret)
    events = []
    service.add_listener(events.append)
    service.start()
    try:
        (backend.root / "AUTO" / "SmartStep").mkdir(parents=True)
        backend.scan()
        wait_for(lambda: [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED],
                 timeout=30)
    finally:
        service.close()
    (done,) = [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED]
    assert done.code == ExportCode.DONE and done.result.encrypted and done.result.pseudonymised
    assert sorted(p.name for p in done.result.folder.iterdir()) == [
        ARCHIVE, KEY, "manifest.json"]
    # The command line on the kiosk follows the same configuration.
    config = tmp_path / "config.toml"
    config.write_text(f'[usb]\npassphrase_file = "{secret}"\n')
    monkeypatch.setenv("SMARTSTEP_CONFIG", str(config))
    monkeypatch.delenv("SMARTSTEP_EXPORT_PASSPHRASE", raising=False)
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["export", str(usb)]) == 0
    assert "pseudonymised, encrypted" in capsys.readouterr().out
    secret.write_text("short\n")
    assert main(["export", str(usb)]) == 2
    err = capsys.readouterr().err
    assert str(secret) in err and err.count("\n") == 1


def test_an_unusable_configured_passphrase_exports_nothing(kiosk, tmp_path, wait_for):
    kiosk.add_session()
    backend = SimStickBackend(tmp_path / "sim-usb", poll_s=3600)
    service = SyncService(backend, kiosk.db, kiosk.data, kiosk.step_id,
                          passphrase_file=tmp_path / "missing")
    events = []
    service.add_listener(events.append)
    service.start()
    try:
        (backend.root / "KINGSTON").mkdir(parents=True)
        backend.scan()
        assert service.export("KINGSTON", full=True)
        wait_for(lambda: [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED],
                 timeout=30)
    finally:
        service.close()
    (done,) = [e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED]
    assert done.code == ExportCode.PASSPHRASE_UNUSABLE
    assert [p for p in (backend.root / "KINGSTON").rglob("*") if p.is_file()] == []


def test_staging_links_the_recordings_instead_of_copying_them(kiosk, usb, monkeypatch):
    """An encrypted export is prepared on the kiosk's disk: gigabytes of recordings must
    not need room there twice. The staged recordings are the kiosk's own files."""
    import kiosk.sync.exporter as exporter

    kiosk.add_session()
    (recording,) = [p for p in kiosk.data.rglob("*.csv*") if "recordings" in p.parts]
    seen: dict[str, int] = {}
    real_seal = exporter.seal

    def watching_seal(members, *args, **kwargs):
        for name, path in members:
            if name.startswith("recordings/"):
                seen[name] = path.stat().st_ino
        return real_seal(members, *args, **kwargs)

    monkeypatch.setattr(exporter, "seal", watching_seal)
    export(kiosk.db, kiosk.data, usb, kiosk.step_id, passphrase=PASSPHRASE)
    assert list(seen.values()) == [recording.stat().st_ino]
    assert not (kiosk.data / exporter.STAGING).exists()
    assert recording.stat().st_nlink == 1  # the link went with the staging folder
