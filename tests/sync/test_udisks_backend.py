"""The udisks2 backend against a real D-Bus daemon with python-dbusmock's udisks2 objects.

The test starts a private bus (dbus-daemon) and python-dbusmock (system Python,
``scripts/test-deps`` installs both) with ``udisks2_template.py``; the backend
talks to it over the D-Bus protocol exactly as to udisks2 on the Pi. Kernel
events are fed as udev property sets (a kernel cannot be asked for a stick).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import unwrap_msg

from kiosk.sync.codes import EjectCode, ExportCode, StickProblem, SyncError
from kiosk.sync.service import SyncEventKind, SyncService
from kiosk.sync.udev_sticks import UdevStickBackend, is_usb_volume
from kiosk.sync.udisks import UDisks2Client

TEMPLATE = Path(__file__).with_name("udisks2_template.py")
SYSTEM_PYTHON = "/usr/bin/python3"

pytestmark = pytest.mark.skipif(
    not shutil.which("dbus-daemon") or subprocess.run(
        [SYSTEM_PYTHON, "-c", "import dbusmock"], capture_output=True).returncode != 0,
    reason="needs dbus-daemon and python3-dbusmock (make test installs them: scripts/test-deps)")

DEVICES = [
    {"name": "sdb1", "label": "KINGSTON", "fs": "vfat"},
    {"name": "sdc1", "label": "OLDMAC", "fs": "hfsplus"},
    {"name": "sdd1", "label": "BROKEN", "fs": "vfat",
     "mount_error": "mount: wrong fs type, bad option, bad superblock on /dev/sdd1"},
    {"name": "sde1", "label": "LOCKED", "fs": "vfat", "read_only": True},
]


def _udev(name: str, **extra: str) -> dict[str, str]:
    return {"SUBSYSTEM": "block", "DEVNAME": f"/dev/{name}", "DEVTYPE": "partition",
            "ID_BUS": "usb", **extra}


def _wait_until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not ready within {timeout} s")
        time.sleep(0.05)


@pytest.fixture
def udisks_bus(tmp_path, monkeypatch):
    """A private bus with the udisks2 mock on it; yields (address, mount root)."""
    socket = tmp_path / "bus"
    address = f"unix:path={socket}"
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", f"--address={address}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mock = None
    try:
        _wait_until(socket.exists)
        mounts = tmp_path / "media"
        mounts.mkdir()
        env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": address}
        mock = subprocess.Popen(
            [SYSTEM_PYTHON, "-m", "dbusmock", "--system", "-t", str(TEMPLATE), "-p",
             json.dumps({"mount_root": str(mounts), "devices": DEVICES})],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
        conn = open_dbus_connection(bus="SYSTEM")
        try:
            bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus",
                              interface="org.freedesktop.DBus")

            def owned() -> bool:
                assert mock.poll() is None, mock.stderr.read().decode()
                reply = conn.send_and_get_reply(new_method_call(
                    bus, "NameHasOwner", "s", ("org.freedesktop.UDisks2",)), timeout=5)
                return bool(unwrap_msg(reply)[0])

            _wait_until(owned)
        finally:
            conn.close()
        yield address, mounts
    finally:
        for process in (mock, daemon):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)
        if mock is not None:
            mock.stderr.close()


def _calls(path: str, method: str) -> int:
    """How often the mock's object at ``path`` had ``method`` called (dbusmock keeps count)."""
    conn = open_dbus_connection(bus="SYSTEM")
    try:
        mock = DBusAddress(path, bus_name="org.freedesktop.UDisks2",
                           interface="org.freedesktop.DBus.Mock")
        (calls,) = unwrap_msg(conn.send_and_get_reply(
            new_method_call(mock, "GetMethodCalls", "s", (method,)), timeout=5))
        return len(calls)
    finally:
        conn.close()


@pytest.fixture
def backend(udisks_bus):
    seen = []
    backend = UdevStickBackend(lambda: UDisks2Client(bus="SYSTEM", timeout_s=10))
    backend._listener = seen.append  # no pyudev monitor: events are fed by the test
    backend.seen = seen
    yield backend
    backend.stop()


def test_only_usb_partitions_and_unpartitioned_sticks_count():
    assert is_usb_volume(_udev("sdb1"))
    assert is_usb_volume({**_udev("sdb"), "DEVTYPE": "disk", "ID_FS_USAGE": "filesystem"})
    assert not is_usb_volume({**_udev("sdb"), "DEVTYPE": "disk"})  # its partitions count
    assert not is_usb_volume({**_udev("mmcblk0p2"), "ID_BUS": ""})  # the Pi's own SD card


def test_a_stick_is_mounted_through_udisks2_with_its_label(backend, udisks_bus):
    backend.device_event("add", _udev("sdb1", ID_FS_LABEL="KINGSTON", ID_FS_TYPE="vfat"))
    (event,) = backend.seen
    stick = event.stick
    assert (stick.label, stick.filesystem, stick.problem) == ("KINGSTON", "vfat", None)
    assert stick.mount_point == udisks_bus[1] / "KINGSTON" and stick.free_bytes > 0
    assert _calls("/org/freedesktop/UDisks2/block_devices/sdb1", "Mount") == 1
    backend.device_event("remove", _udev("sdb1"))
    assert backend.seen[-1].kind == "removed"


@pytest.mark.parametrize(("name", "problem"), [
    ("sdc1", StickProblem.UNSUPPORTED_FILESYSTEM),
    ("sdd1", StickProblem.DAMAGED_FILESYSTEM),
    ("sde1", StickProblem.READ_ONLY),
])
def test_sticks_the_kiosk_cannot_write_to(backend, name, problem):
    backend.device_event("add", _udev(name))
    (event,) = backend.seen
    assert event.stick.problem == problem and not event.stick.usable


def test_export_then_unmount_and_power_off_before_safe_to_remove(backend, kiosk, wait_for):
    kiosk.add_session()
    service = SyncService(backend, kiosk.db, kiosk.data, kiosk.step_id)
    events = []
    service.add_listener(events.append)
    backend._listener = service._on_stick
    backend.device_event("add", _udev("sdb1"))
    assert service.export("/dev/sdb1", full=True)
    wait_for(lambda: any(e.kind == SyncEventKind.EXPORT_FINISHED for e in events), timeout=60)
    done = next(e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED)
    assert (done.code, done.eject) == (ExportCode.DONE, EjectCode.SAFE_TO_REMOVE)
    assert (done.result.folder / "manifest.json").exists()
    block = "/org/freedesktop/UDisks2/block_devices/sdb1"
    assert _calls(block, "Unmount") == 1
    assert _calls("/org/freedesktop/UDisks2/drives/stick_sdb1", "PowerOff") == 1


def test_eject_fails_plainly_when_udisks_refuses(backend):
    backend.device_event("add", _udev("sdb1"))
    stick = backend.seen[0].stick
    other = UDisks2Client(bus="SYSTEM")  # somebody unmounted it behind the kiosk's back
    try:
        other.unmount("/org/freedesktop/UDisks2/block_devices/sdb1")
    finally:
        other.close()
    with pytest.raises(SyncError) as failed:
        backend.eject(stick)
    assert failed.value.code == EjectCode.EJECT_FAILED


def test_a_stick_pulled_mid_export_is_reported_and_not_ejected(backend, kiosk, wait_for):
    kiosk.add_session()
    before = kiosk.digest()
    service = SyncService(backend, kiosk.db, kiosk.data, kiosk.step_id)
    events = []
    backend._listener = service._on_stick

    def pull(event):
        events.append(event)
        if (event.kind == SyncEventKind.EXPORT_PROGRESS and event.progress.file == "reps.csv"
                and event.stick.mount_point.exists()):
            shutil.rmtree(event.stick.mount_point)  # the files vanish with the stick
            backend.device_event("remove", _udev("sdb1"))

    service.add_listener(pull)
    backend.device_event("add", _udev("sdb1"))
    assert service.export("/dev/sdb1", full=True)
    wait_for(lambda: any(e.kind == SyncEventKind.EXPORT_FINISHED for e in events), timeout=60)
    done = next(e for e in events if e.kind == SyncEventKind.EXPORT_FINISHED)
    assert (done.code, done.eject) == (ExportCode.STICK_REMOVED, None)
    assert any(e.kind == SyncEventKind.STICK_REMOVED for e in events)
    assert _calls("/org/freedesktop/UDisks2/block_devices/sdb1", "Unmount") == 0
    assert kiosk.digest() == before
