"""Faults on the simulated stick: nothing lost, nothing fake, the next export retries cleanly."""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from kiosk.commands.export import _WORDS
from kiosk.sync.codes import EjectCode, ExportCode, ExportFailed, StickProblem
from kiosk.sync.exporter import export
from kiosk.sync.service import SyncEventKind, SyncService
from kiosk.sync.sim_sticks import SimStickBackend, SimStickFiles


class Recorder:
    def __init__(self) -> None:
        self.events = []
        self.hooks = []  # called with each event on the emitting thread

    def __call__(self, event) -> None:
        self.events.append(event)
        for hook in self.hooks:
            hook(event)

    def kinds(self, kind):
        return [e for e in self.events if e.kind == kind]

    def finished(self):
        return self.kinds(SyncEventKind.EXPORT_FINISHED)


@pytest.fixture
def sticks(tmp_path):
    # A long poll: the tests call scan() themselves, so nothing depends on thread timing.
    backend = SimStickBackend(tmp_path / "sim-usb", poll_s=3600)
    yield backend
    backend.stop()


@pytest.fixture
def service(kiosk, sticks):
    service = SyncService(sticks, kiosk.db, kiosk.data, kiosk.step_id)
    recorder = Recorder()
    service.add_listener(recorder)
    service.recorder = recorder
    service.start()
    yield service
    service.close()


def _insert(sticks, label, settings=None, export_folder=False):
    folder = sticks.root / label
    folder.mkdir(parents=True)
    if settings is not None:
        (folder / ".sim-stick.json").write_text(json.dumps(settings))
    if export_folder:
        (folder / "SmartStep").mkdir()
    sticks.scan()
    return folder


def _manifests(folder):
    return list(folder.rglob("manifest.json"))


def test_a_stick_arrives_with_its_label_and_free_space_and_leaves(service, sticks):
    folder = _insert(sticks, "KINGSTON")
    (arrived,) = service.recorder.kinds(SyncEventKind.STICK_ARRIVED)
    assert arrived.stick.label == "KINGSTON" and arrived.stick.free_bytes > 0
    assert arrived.stick.usable and arrived.code is None
    shutil.rmtree(folder)
    sticks.scan()
    assert service.recorder.kinds(SyncEventKind.STICK_REMOVED)[0].stick.key == "KINGSTON"
    assert service.sticks() == []


def test_export_then_safe_to_remove_only_after_eject(kiosk, service, sticks, wait_for):
    kiosk.add_session()
    folder = _insert(sticks, "STICK")
    assert service.export("STICK", full=True)
    wait_for(lambda: service.recorder.finished(), timeout=30)
    (done,) = service.recorder.finished()
    assert (done.code, done.eject) == (ExportCode.DONE, EjectCode.SAFE_TO_REMOVE)
    progress = service.recorder.kinds(SyncEventKind.EXPORT_PROGRESS)
    assert progress and progress[-1].progress.file == "manifest.json"
    # Ejected before "safe to remove": the stick left the kiosk's list first.
    kinds = [e.kind for e in service.recorder.events]
    assert kinds.index(SyncEventKind.STICK_REMOVED) < kinds.index(SyncEventKind.EXPORT_FINISHED)
    assert len(_manifests(folder)) == 1 and not service.busy
    sticks.scan()  # an ejected stick stays gone until pulled out and put back
    assert service.sticks() == []


def _assert_clean_failure(kiosk, folder, before):
    assert _manifests(folder) == [] if folder.exists() else True
    assert not list(folder.rglob("last-export*.json")) if folder.exists() else True
    assert kiosk.digest() == before


@pytest.mark.parametrize("when", ["before_writing", "while_writing"])
def test_stick_full(kiosk, service, sticks, wait_for, when, tmp_path):
    kiosk.add_session()
    (tmp_path / "measure").mkdir()
    whole = export(kiosk.db, kiosk.data, tmp_path / "measure", kiosk.step_id).bytes
    before = kiosk.digest()
    # Too small even for the database copy (refused at once), or room for half the
    # export (ENOSPC half-way).
    capacity = 0.05e6 if when == "before_writing" else whole / 2
    folder = _insert(sticks, "TINY", {"capacity_mb": capacity / 1e6})
    assert service.export("TINY", full=True)
    wait_for(lambda: service.recorder.finished(), timeout=30)
    (done,) = service.recorder.finished()
    assert done.code == ExportCode.STICK_FULL and done.eject is None
    _assert_clean_failure(kiosk, folder, before)
    leftovers = [p for p in folder.rglob("*") if p.is_file() and p.name != ".sim-stick.json"]
    assert leftovers == []  # the space is given back
    # The message names the stick, not the kiosk's storage, and never says to delete data.
    words = _WORDS[ExportCode.STICK_FULL].format(dir="/media/TINY", detail="")
    assert "/media/TINY" in words and "delete" not in words and "prune" not in words
    # Another stick: the next export works.
    big = _insert(sticks, "BIG")
    assert service.export("BIG", full=False)
    wait_for(lambda: len(service.recorder.finished()) == 2, timeout=30)
    assert service.recorder.finished()[-1].code == ExportCode.DONE and len(_manifests(big)) == 1


def test_stick_pulled_mid_export(kiosk, service, sticks, wait_for):
    kiosk.add_session()
    kiosk.add_session("Bob")
    before = kiosk.digest()
    folder = _insert(sticks, "PULLED")

    def pull(event):
        reps = event.kind == SyncEventKind.EXPORT_PROGRESS and event.progress.file == "reps.csv"
        if reps and folder.exists():
            shutil.rmtree(folder)

    service.recorder.hooks.append(pull)
    assert service.export("PULLED", full=True)
    wait_for(lambda: service.recorder.finished(), timeout=30)
    assert service.recorder.finished()[0].code == ExportCode.STICK_REMOVED
    assert kiosk.digest() == before
    sticks.scan()
    assert service.recorder.kinds(SyncEventKind.STICK_REMOVED)
    # Put back in: the next export is clean and complete (no memory of the failed one).
    service.recorder.hooks.clear()
    again = _insert(sticks, "PULLED")
    assert service.export("PULLED", full=False)
    wait_for(lambda: len(service.recorder.finished()) == 2, timeout=30)
    last = service.recorder.finished()[-1]
    assert last.code == ExportCode.DONE and last.result.kind == "full"
    assert len(_manifests(again)) == 1


def test_read_only_stick(kiosk, service, sticks, tmp_path):
    kiosk.add_session()
    before = kiosk.digest()
    folder = _insert(sticks, "LOCKED", {"read_only": True})
    arrived = service.recorder.kinds(SyncEventKind.STICK_ARRIVED)[0]
    assert arrived.code == StickProblem.READ_ONLY and not service.export("LOCKED")
    # And if written to anyway, the exporter says so and leaves nothing.
    with pytest.raises(ExportFailed) as failed:
        export(kiosk.db, kiosk.data, folder, kiosk.step_id,
               files=SimStickFiles(folder, read_only=True))
    assert failed.value.code == ExportCode.STICK_READ_ONLY
    assert not (folder / "SmartStep").exists() and kiosk.digest() == before


@pytest.mark.parametrize(("filesystem", "problem"), [
    ("ntfs", StickProblem.UNSUPPORTED_FILESYSTEM),
    ("damaged", StickProblem.DAMAGED_FILESYSTEM),
])
def test_unsupported_or_damaged_filesystem(kiosk, service, sticks, filesystem, problem):
    kiosk.add_session()
    _insert(sticks, "ODD", {"filesystem": filesystem})
    arrived = service.recorder.kinds(SyncEventKind.STICK_ARRIVED)[0]
    assert arrived.code == problem and arrived.stick.mount_point is None
    assert not service.export("ODD")
    assert service.recorder.finished() == []


def test_second_stick_while_one_is_busy(kiosk, service, sticks, wait_for):
    kiosk.add_session()
    first = _insert(sticks, "FIRST")
    release = threading.Event()
    second_seen = threading.Event()

    def hold(event):
        reps = event.kind == SyncEventKind.EXPORT_PROGRESS and event.progress.file == "reps.csv"
        if reps and not second_seen.is_set():
            second_seen.set()
            release.wait(timeout=30)

    service.recorder.hooks.append(hold)
    assert service.export("FIRST", full=True)
    assert second_seen.wait(timeout=30)
    second = _insert(sticks, "SECOND")
    (waiting,) = service.recorder.kinds(SyncEventKind.STICK_WAITING)
    assert waiting.stick.label == "SECOND"
    assert not service.export("SECOND")  # one export at a time
    release.set()
    wait_for(lambda: service.recorder.finished(), timeout=30)
    assert service.recorder.finished()[0].code == ExportCode.DONE
    wait_for(lambda: any(e.stick.key == "SECOND"
                         for e in service.recorder.kinds(SyncEventKind.STICK_ARRIVED)))
    assert len(_manifests(first)) == 1 and _manifests(second) == []
    assert service.export("SECOND")
    wait_for(lambda: len(service.recorder.finished()) == 2, timeout=30)
    assert len(_manifests(second)) == 1


def test_cancel_keeps_the_stick_and_leaves_nothing_complete(kiosk, service, sticks, wait_for):
    kiosk.add_session()
    before = kiosk.digest()
    folder = _insert(sticks, "STICK")

    def cancel(event):
        if event.kind == SyncEventKind.EXPORT_PROGRESS and event.progress.file == "sessions.csv":
            service.cancel()

    service.recorder.hooks.append(cancel)
    assert service.export("STICK", full=True)
    wait_for(lambda: service.recorder.finished(), timeout=30)
    done = service.recorder.finished()[0]
    assert (done.code, done.eject) == (ExportCode.CANCELLED, None)
    assert _manifests(folder) == [] and kiosk.digest() == before
    assert [s.key for s in service.sticks()] == ["STICK"]  # still there, not ejected


def test_auto_export_when_a_stick_with_a_smartstep_folder_arrives(kiosk, service, sticks,
                                                                  wait_for):
    kiosk.add_session()
    service.auto_export = True
    _insert(sticks, "PLAIN")
    assert service.recorder.kinds(SyncEventKind.EXPORT_STARTED) == []
    folder = _insert(sticks, "CLINIC", export_folder=True)
    wait_for(lambda: service.recorder.finished(), timeout=30)
    done = service.recorder.finished()[0]
    assert done.stick.key == "CLINIC" and done.code == ExportCode.DONE
    assert len(_manifests(folder)) == 1


def test_the_watcher_thread_notices_a_stick(tmp_path, wait_for):
    backend = SimStickBackend(tmp_path / "usb", poll_s=0.05)
    seen = []
    backend.start(seen.append)
    try:
        (tmp_path / "usb" / "LATER").mkdir()
        wait_for(lambda: any(e.stick.key == "LATER" for e in seen), timeout=10)
    finally:
        backend.stop()


def test_a_stick_already_announced_is_not_announced_again_after_an_export(
        kiosk, service, sticks, wait_for):
    kiosk.add_session()
    _insert(sticks, "ONE")
    _insert(sticks, "TWO")
    wait_for(lambda: len(service.recorder.kinds(SyncEventKind.STICK_ARRIVED)) == 2)
    assert service.export("ONE", full=True)
    wait_for(lambda: service.recorder.finished(), timeout=30)
    assert service.recorder.finished()[0].code == ExportCode.DONE
    # Announcing TWO again would tell the screen a new stick came (and hide "Safe to remove").
    assert [e.stick.key for e in service.recorder.kinds(SyncEventKind.STICK_ARRIVED)] == [
        "ONE", "TWO"]
