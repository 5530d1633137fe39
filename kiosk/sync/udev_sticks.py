"""The Pi's stick backend: kernel device events (pyudev) + mounting through udisks2.

pyudev's netlink monitor reports USB block devices coming and going; each
mountable one is mounted through udisks2 over D-Bus as the kiosk's own user
(polkit allows it by a rule the installer adds), never from a udev rule and
never as root. Eject = sync, ``Filesystem.Unmount``, ``Drive.PowerOff``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from kiosk.sync.codes import EjectCode, StickProblem, SyncError
from kiosk.sync.stickfs import StickFiles
from kiosk.sync.sticks import Stick, StickEvent, StickEventKind, StickListener, stick_info
from kiosk.sync.udisks import UDisks2Client, UDisksError

# Filesystems the kiosk writes exports to (what sticks come formatted with, and
# what a clinic's computer reads).
SUPPORTED = ("vfat", "exfat", "ntfs", "ext4")


def is_usb_volume(props: Mapping[str, str]) -> bool:
    """A USB partition, or a whole USB stick formatted without a partition table."""
    if props.get("SUBSYSTEM", "block") != "block" or props.get("ID_BUS") != "usb":
        return False
    if props.get("DEVTYPE") == "partition":
        return True
    return props.get("DEVTYPE") == "disk" and props.get("ID_FS_USAGE") == "filesystem"


class UdevStickBackend:
    """See the module docstring.

    :param client_factory: makes the udisks2 client (tests point it at a private bus).
    """

    def __init__(self, client_factory: Callable[[], UDisks2Client] = UDisks2Client) -> None:
        self._client = client_factory()
        self._listener: StickListener | None = None
        self._sticks: dict[str, tuple[Stick, str, str]] = {}  # node -> (stick, block, drive)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self, listener: StickListener) -> None:
        import pyudev  # here: only the Pi backend needs libudev

        self._listener = listener
        context = pyudev.Context()
        monitor = pyudev.Monitor.from_netlink(context)
        monitor.filter_by("block")
        monitor.start()  # before listing, so no stick slips between the two
        for device in context.list_devices(subsystem="block"):
            self.device_event("add", dict(device.properties))
        self._thread = threading.Thread(target=self._watch, args=(monitor,), name="udev-sticks",
                                        daemon=True)
        self._thread.start()

    def _watch(self, monitor: object) -> None:
        while not self._stop.is_set():
            device = monitor.poll(timeout=0.5)  # type: ignore[attr-defined]
            if device is not None:
                self.device_event(device.action or "", dict(device.properties))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None
        self._client.close()

    def device_event(self, action: str, props: Mapping[str, str]) -> None:
        """One kernel event (udev properties); the watcher thread calls it, tests may too."""
        node = props.get("DEVNAME", "")
        if not node or not is_usb_volume(props):
            return
        if action == "remove":
            with self._lock:
                known = self._sticks.pop(node, None)
            if known is not None:
                self._tell(StickEvent(StickEventKind.REMOVED, known[0]))
        elif action == "add":
            with self._lock:
                if node in self._sticks:
                    return
            stick, block, drive = self._mount(node, props)
            with self._lock:
                self._sticks[node] = (stick, block, drive)
            self._tell(StickEvent(StickEventKind.ARRIVED, stick))

    def _tell(self, event: StickEvent) -> None:
        if self._listener is not None:
            self._listener(event)

    def _mount(self, node: str, props: Mapping[str, str]) -> tuple[Stick, str, str]:
        label = props.get("ID_FS_LABEL", "")
        fs_type = props.get("ID_FS_TYPE", "")
        try:
            block = self._client.block_path(node)
            info = self._client.block_info(block)
        except UDisksError as exc:
            return Stick(node, label, fs_type, None, problem=exc.code), "", "/"  # type: ignore[arg-type]
        label, fs_type = info.label or label, info.fs_type or fs_type
        if not info.has_filesystem or info.fs_type not in SUPPORTED:
            return (Stick(node, label, fs_type, None, size_bytes=info.size,
                          problem=StickProblem.UNSUPPORTED_FILESYSTEM), block, info.drive)
        try:
            mount_point = Path(self._client.mount(block))
        except UDisksError as exc:
            return (Stick(node, label, fs_type, None, size_bytes=info.size,
                          problem=exc.code), block, info.drive)  # type: ignore[arg-type]
        free, size, has_folder = stick_info(mount_point)
        problem = StickProblem.READ_ONLY if info.read_only or not os.access(
            mount_point, os.W_OK) else None
        return (Stick(node, label, fs_type, mount_point, free, size or info.size, problem,
                      has_folder), block, info.drive)

    def files(self, stick: Stick) -> StickFiles:
        assert stick.mount_point is not None
        return StickFiles(stick.mount_point, device=Path(stick.key))

    def eject(self, stick: Stick) -> None:
        with self._lock:
            known = self._sticks.get(stick.key)
        if known is None:
            raise SyncError(EjectCode.EJECT_FAILED, f"{stick.key} is not a known stick")
        _, block, drive = known
        os.sync()
        try:
            if stick.mount_point is not None:
                self._client.unmount(block)
            if drive and drive != "/":
                self._client.power_off(drive)
        except UDisksError as exc:
            raise SyncError(EjectCode.EJECT_FAILED, str(exc)) from None
        with self._lock:
            self._sticks.pop(stick.key, None)
        self._tell(StickEvent(StickEventKind.REMOVED, stick))
