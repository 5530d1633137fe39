"""A small blocking client for udisks2 over the system D-Bus (jeepney).

Only what the kiosk needs: find a block device's object, read its label,
filesystem and read-only flag, ``Filesystem.Mount`` / ``Unmount`` and
``Drive.PowerOff``, every call with ``auth.no_user_interaction`` (a kiosk
service has nobody to type a password: polkit must allow it by rule).

Why jeepney: pure Python (installs on the Pi with no compiler), maintained,
and its blocking connection fits a call made from the stick watcher's or the
export's own thread; dbus-fast is faster but asyncio-only, which would need
an event-loop thread for a handful of calls; sdbus needs libsystemd headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, DBusErrorResponse, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import unwrap_msg

from kiosk.sync.codes import StickProblem, SyncError

BUS_NAME = "org.freedesktop.UDisks2"
ROOT = "/org/freedesktop/UDisks2"
MANAGER = f"{ROOT}/Manager"
MANAGER_IFACE = "org.freedesktop.UDisks2.Manager"
BLOCK_IFACE = "org.freedesktop.UDisks2.Block"
FILESYSTEM_IFACE = "org.freedesktop.UDisks2.Filesystem"
DRIVE_IFACE = "org.freedesktop.UDisks2.Drive"
NO_PROMPT = {"auth.no_user_interaction": ("b", True)}
# The kernel's words when a filesystem will not mount (as udisks passes them on).
_DAMAGED = ("wrong fs type", "bad superblock", "can't read superblock", "structure needs cleaning",
            "corrupt", "input/output error")
_UNKNOWN_FS = ("unknown filesystem type", "not supported")


class UDisksError(SyncError):
    """A udisks2 call failed; ``code`` is a ``StickProblem`` (mount) or given by the caller."""


@dataclass(frozen=True)
class BlockInfo:
    path: str            # the udisks2 object path
    label: str
    fs_type: str         # IdType, e.g. "vfat"
    fs_usage: str        # IdUsage: "filesystem", "crypto", "" ...
    read_only: bool
    size: int
    drive: str           # the drive's object path ("/" when none)
    has_filesystem: bool  # the Filesystem interface is there (mountable)
    mount_points: tuple[str, ...]


def _text(value: Any) -> str:
    """A D-Bus 'ay' path (NUL-terminated bytes) as text."""
    return bytes(value).rstrip(b"\0").decode("utf-8", "surrogateescape")


class UDisks2Client:
    """Blocking calls to udisks2; one connection, opened on first use.

    :param bus: "SYSTEM" (udisks2 lives there; ``$DBUS_SYSTEM_BUS_ADDRESS`` is
        honoured, which the tests use for a private bus) or a D-Bus address.
    """

    def __init__(self, bus: str = "SYSTEM", timeout_s: float = 30.0) -> None:
        self._bus = bus
        self._timeout = timeout_s
        self._conn: DBusConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _call(self, path: str, interface: str, method: str, signature: str | None = None,
              body: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        if self._conn is None:
            try:
                self._conn = open_dbus_connection(bus=self._bus)
            except OSError as exc:
                raise UDisksError(StickProblem.MOUNT_FAILED,
                                  f"cannot reach the system D-Bus ({exc})") from None
        message = new_method_call(DBusAddress(path, bus_name=BUS_NAME, interface=interface),
                                  method, signature, body)
        try:
            reply: tuple[Any, ...] = unwrap_msg(
                self._conn.send_and_get_reply(message, timeout=self._timeout))
            return reply
        except DBusErrorResponse as exc:
            raise UDisksError(_problem(exc.name, str(exc.data)),
                              f"udisks2 {method} on {path}: {exc.name}: {exc.data}") from None
        except (OSError, TimeoutError) as exc:
            self.close()
            raise UDisksError(StickProblem.MOUNT_FAILED,
                              f"udisks2 {method} on {path} failed ({exc})") from None

    def _properties(self, path: str, interface: str) -> dict[str, Any]:
        (props,) = self._call(path, "org.freedesktop.DBus.Properties", "GetAll", "s",
                              (interface,))
        return {name: value for name, (_sig, value) in props.items()}

    def block_path(self, device: str) -> str:
        """The udisks2 object of a device node such as /dev/sda1."""
        try:
            (paths,) = self._call(MANAGER, MANAGER_IFACE, "ResolveDevice", "a{sv}a{sv}",
                                  ({"path": ("s", device)}, {}))
        except UDisksError:
            paths = []  # udisks < 2.7.3 has no ResolveDevice: objects are named by the node
        return paths[0] if paths else f"{ROOT}/block_devices/{device.rsplit('/', 1)[-1]}"

    def block_info(self, path: str) -> BlockInfo:
        block = self._properties(path, BLOCK_IFACE)
        try:
            fs = self._properties(path, FILESYSTEM_IFACE)
            has_fs, mounts = True, tuple(_text(m) for m in fs.get("MountPoints", []))
        except UDisksError:
            has_fs, mounts = False, ()
        return BlockInfo(path, str(block.get("IdLabel", "")), str(block.get("IdType", "")),
                         str(block.get("IdUsage", "")), bool(block.get("ReadOnly", False)),
                         int(block.get("Size", 0)), str(block.get("Drive", "/")), has_fs, mounts)

    def mount(self, path: str) -> str:
        """Mount (or find where it is mounted already); returns the mount point."""
        try:
            (where,) = self._call(path, FILESYSTEM_IFACE, "Mount", "a{sv}", (NO_PROMPT,))
            return str(where)
        except UDisksError as exc:
            if "AlreadyMounted" in str(exc):
                mounts = self.block_info(path).mount_points
                if mounts:
                    return mounts[0]
            raise

    def unmount(self, path: str) -> None:
        self._call(path, FILESYSTEM_IFACE, "Unmount", "a{sv}", (NO_PROMPT,))

    def power_off(self, drive: str) -> None:
        self._call(drive, DRIVE_IFACE, "PowerOff", "a{sv}", (NO_PROMPT,))


def _problem(name: str, text: str) -> StickProblem:
    lowered = text.lower()
    if "NotAuthorized" in name:
        return StickProblem.NOT_ALLOWED
    if any(words in lowered for words in _UNKNOWN_FS):
        return StickProblem.UNSUPPORTED_FILESYSTEM
    if any(words in lowered for words in _DAMAGED):
        return StickProblem.DAMAGED_FILESYSTEM
    return StickProblem.MOUNT_FAILED
