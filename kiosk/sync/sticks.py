"""What a USB stick is to the kiosk, and the seam every stick backend fits.

A backend notices sticks arriving and leaving, mounts them (as the kiosk's own
user, never from a udev rule), and ejects them: sync, unmount, power off. It
calls its listener from its own thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from kiosk.sync.codes import StickProblem
from kiosk.sync.stickfs import StickFiles

EXPORT_FOLDER = "SmartStep"


@dataclass(frozen=True)
class Stick:
    """One inserted stick (one mountable partition)."""

    key: str                        # stable while inserted: device node or folder name
    label: str                      # the volume label ("" when it has none)
    filesystem: str                 # e.g. "vfat", "exfat"; "" when unknown
    mount_point: Path | None        # None when it could not be mounted
    free_bytes: int | None = None
    size_bytes: int | None = None
    problem: StickProblem | None = None
    has_export_folder: bool = False  # a SmartStep/ folder is on it (auto-export trigger)

    @property
    def usable(self) -> bool:
        return self.problem is None and self.mount_point is not None

    @property
    def name(self) -> str:
        """What staff call it: its label, else its key."""
        return self.label or self.key


class StickEventKind(StrEnum):
    ARRIVED = "arrived"
    REMOVED = "removed"


@dataclass(frozen=True)
class StickEvent:
    kind: StickEventKind
    stick: Stick


StickListener = Callable[[StickEvent], None]


class StickBackend(Protocol):
    """Notices, mounts and ejects sticks (``sim_sticks``, ``udev_sticks``)."""

    def start(self, listener: StickListener) -> None:
        """Report sticks already inserted, then every arrival and removal."""

    def stop(self) -> None:
        """Stop watching (safe twice)."""

    def files(self, stick: Stick) -> StickFiles:
        """How to write to a mounted stick."""

    def eject(self, stick: Stick) -> None:
        """Flush, unmount and power off; raises ``SyncError`` with ``EjectCode.EJECT_FAILED``."""


def stick_info(path: Path) -> tuple[int | None, int | None, bool]:
    """(free bytes, size bytes, has a SmartStep/ folder) of a mounted stick."""
    import shutil

    free: int | None
    size: int | None
    try:
        usage = shutil.disk_usage(path)
        free, size = usage.free, usage.total
    except OSError:
        free = size = None
    return free, size, (path / EXPORT_FOLDER).is_dir()
