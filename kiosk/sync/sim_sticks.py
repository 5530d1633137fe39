"""The simulated stick backend: a folder appearing under a watched directory.

For ``smartstep run --sim``, demos and tests. ``mkdir <watched>/KINGSTON``
inserts a stick labelled KINGSTON; deleting the folder pulls it out. A file
``.sim-stick.json`` in it makes it a difficult stick::

    {"capacity_mb": 2}            # full after 2 MB (ENOSPC, as the kernel says it)
    {"read_only": true}           # writes fail with EROFS
    {"filesystem": "ntfs"}        # a filesystem the kiosk does not mount
    {"filesystem": "damaged"}     # a filesystem that does not mount

A file ``.sim-stall`` in it stalls every write until it is deleted (or the
stick pulled out), as a real stick stalls while it erases blocks: a way to hold
an export in the middle, to press Cancel or pull the stick there.

The directory is polled (twice a second by default): the standard library
has no file-system events, and a simulated stick needs nothing faster.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
import time
from pathlib import Path
from typing import BinaryIO

from kiosk.sync.codes import StickProblem
from kiosk.sync.stickfs import StickFiles
from kiosk.sync.sticks import Stick, StickEvent, StickEventKind, StickListener, stick_info

SETTINGS = ".sim-stick.json"
STALL = ".sim-stall"
STALL_POLL_S = 0.02
SUPPORTED = ("vfat", "exfat")


def _used_bytes(root: Path) -> int:
    total = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total


class _CappedFile:
    """A file on a simulated stick that is full after ``capacity`` bytes in all."""

    def __init__(self, file: BinaryIO, files: SimStickFiles) -> None:
        self._file = file
        self._files = files

    def write(self, data: bytes) -> int:
        self._files.wait_while_stalled()
        if not self._files.present():
            raise OSError(errno.EIO, "Input/output error")
        self._files.reserve(len(data))
        return self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def fileno(self) -> int:
        return self._file.fileno()

    def close(self) -> None:
        self._file.close()


class SimStickFiles(StickFiles):
    """A simulated stick's file system: real files in its folder, plus its faults."""

    def __init__(self, root: Path, capacity: int | None = None, read_only: bool = False) -> None:
        super().__init__(root)
        self.capacity = capacity
        self.read_only = read_only
        self._used = _used_bytes(root) if capacity is not None else 0
        self._lock = threading.Lock()

    def wait_while_stalled(self) -> None:
        stall = self.root / STALL
        while stall.exists() and self.present():
            time.sleep(STALL_POLL_S)

    def reserve(self, n: int) -> None:
        if self.capacity is None:
            return
        with self._lock:
            if self._used + n > self.capacity:
                raise OSError(errno.ENOSPC, "No space left on device")
            self._used += n

    def _writable(self) -> None:
        if self.read_only:
            raise OSError(errno.EROFS, "Read-only file system")
        if not self.present():
            raise OSError(errno.EIO, "Input/output error")

    def makedirs(self, path: Path) -> None:
        self._writable()
        super().makedirs(path)

    def make_new_folder(self, path: Path) -> None:
        self._writable()
        super().make_new_folder(path)

    def open_new(self, path: Path) -> BinaryIO:
        self._writable()
        return _CappedFile(super().open_new(path), self)  # type: ignore[return-value]

    def fsync_path(self, path: Path) -> None:
        self._writable()
        if self.capacity is not None:  # a file SQLite wrote: count it now
            with self._lock:
                self._used = _used_bytes(self.root)
                if self._used > self.capacity:
                    raise OSError(errno.ENOSPC, "No space left on device")
        super().fsync_path(path)

    def replace(self, source: Path, dest: Path) -> None:
        self._writable()
        super().replace(source, dest)

    def remove(self, path: Path) -> None:
        super().remove(path)
        if self.capacity is not None:
            with self._lock:
                self._used = _used_bytes(self.root)

    def free_bytes(self) -> int:
        if self.capacity is None:
            return super().free_bytes()
        return max(0, self.capacity - _used_bytes(self.root))


class SimStickBackend:
    """Watches ``root`` for stick folders; see the module docstring."""

    def __init__(self, root: Path, poll_s: float = 0.5) -> None:
        self.root = root
        self.poll_s = poll_s
        self._listener: StickListener | None = None
        self._present: dict[str, Stick] = {}
        self._ejected: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self, listener: StickListener) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self._listener = listener
        self.scan()
        self._thread = threading.Thread(target=self._run, name="sim-sticks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.poll_s):
            self.scan()

    def scan(self) -> None:
        """Compare the folders with the sticks known (the thread calls it; tests may too)."""
        with self._lock:
            try:
                names = {p.name for p in self.root.iterdir()
                         if p.is_dir() and not p.name.startswith(".")}
            except OSError:
                names = set()
            events = []
            for key in sorted(set(self._present) - names):
                events.append(StickEvent(StickEventKind.REMOVED, self._present.pop(key)))
            self._ejected &= names  # a pulled-out ejected stick can come back
            for key in sorted(names - set(self._present) - self._ejected):
                stick = self._describe(key)
                self._present[key] = stick
                events.append(StickEvent(StickEventKind.ARRIVED, stick))
        for event in events:
            if self._listener is not None:
                self._listener(event)

    def _settings(self, folder: Path) -> dict[str, object]:
        try:
            data = json.loads((folder / SETTINGS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _describe(self, key: str) -> Stick:
        folder = self.root / key
        settings = self._settings(folder)
        filesystem = str(settings.get("filesystem", "vfat"))
        if filesystem not in SUPPORTED:
            problem = (StickProblem.DAMAGED_FILESYSTEM if filesystem == "damaged"
                       else StickProblem.UNSUPPORTED_FILESYSTEM)
            return Stick(key, key, filesystem, None, problem=problem)
        files = self._files_for(folder, settings)
        free, size, has_folder = stick_info(folder)
        if files.capacity is not None:
            free, size = files.free_bytes(), files.capacity
        return Stick(key, key, filesystem, folder, free, size,
                     problem=StickProblem.READ_ONLY if files.read_only else None,
                     has_export_folder=has_folder)

    def _files_for(self, folder: Path, settings: dict[str, object]) -> SimStickFiles:
        capacity = settings.get("capacity_mb")
        return SimStickFiles(
            folder,
            capacity=int(float(capacity) * 1e6) if isinstance(capacity, int | float) else None,
            read_only=bool(settings.get("read_only", False)))

    def files(self, stick: Stick) -> StickFiles:
        folder = self.root / stick.key
        return self._files_for(folder, self._settings(folder))

    def eject(self, stick: Stick) -> None:
        """The simulated power-off: the stick is gone for the kiosk until its folder is."""
        with self._lock:
            self._ejected.add(stick.key)
            gone = self._present.pop(stick.key, None)
        if gone is not None and self._listener is not None:
            self._listener(StickEvent(StickEventKind.REMOVED, gone))
