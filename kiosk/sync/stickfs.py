"""Writing to a stick: every file to a temporary name, flushed, fsynced, renamed.

``StickFiles`` is the only way the exporter touches the stick, so the
simulated stick (``sim_sticks.SimStickFiles``) can behave like a full, read-only
or pulled-out stick by raising the same ``OSError``s the kernel raises.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import shutil
import sqlite3
from pathlib import Path
from typing import BinaryIO

from kiosk.sync.codes import ExportCode

PART = ".part"
_WRITERS = itertools.count(1)


class HashingFile:
    """A new file on the stick being written under ``<name>.part``; SHA-256 as it goes."""

    def __init__(self, files: StickFiles, path: Path) -> None:
        self.path = path
        # Unique per writer: two exports at once may both update the stick's memory file.
        self.temp = path.with_name(f"{path.name}.{os.getpid()}-{next(_WRITERS)}{PART}")
        self._files = files
        self._file: BinaryIO = files.open_new(self.temp)
        self._sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self._sha.update(data)
        self.size += len(data)

    def commit(self) -> tuple[int, str]:
        """Flush, fsync, close and rename into place; returns (size, sha256)."""
        self._file.flush()
        self._files.fsync(self._file)
        self._file.close()
        self._files.replace(self.temp, self.path)
        return self.size, self._sha.hexdigest()

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        self._files.remove(self.temp)


class StickFiles:
    """File operations on a mounted stick (the real file system)."""

    def __init__(self, root: Path, device: Path | None = None) -> None:
        self.root = root
        self.device = device  # the block device (/dev/sda1), when there is one

    def makedirs(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)

    def make_new_folder(self, path: Path) -> None:
        """Make ``path`` (its parents as needed); FileExistsError when it is there already."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where a folder should be: not a clash to retry
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(path.parent)) from None
        path.mkdir()

    def open_new(self, path: Path) -> BinaryIO:
        return path.open("wb")

    def fsync(self, file: BinaryIO) -> None:
        os.fsync(file.fileno())

    def fsync_path(self, path: Path) -> None:
        """fsync a file written by someone else (SQLite) by its path."""
        with path.open("rb") as file:
            os.fsync(file.fileno())

    def replace(self, source: Path, dest: Path) -> None:
        os.replace(source, dest)

    def fsync_dir(self, path: Path) -> None:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def remove(self, path: Path) -> None:
        # A pulled stick: nothing to clean, and nothing there looks complete.
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    def remove_tree(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def free_bytes(self) -> int:
        return shutil.disk_usage(self.root).free

    def present(self) -> bool:
        """The stick is still there (its mount point is still a folder)."""
        return self.root.is_dir() and (self.device is None or self.device.exists())


def classify(exc: BaseException, files: StickFiles) -> ExportCode:
    """The export code for an error raised while writing to the stick."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if isinstance(exc, sqlite3.Error):
        if "full" in text:
            return ExportCode.STICK_FULL
        if "readonly" in text or "read-only" in text:
            return ExportCode.STICK_READ_ONLY
        return ExportCode.STICK_ERROR if files.present() else ExportCode.STICK_REMOVED
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return ExportCode.STICK_FULL
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ExportCode.STICK_READ_ONLY
    if not files.present() or code in (errno.ENODEV, errno.ENXIO, errno.ESHUTDOWN):
        return ExportCode.STICK_REMOVED
    return ExportCode.STICK_ERROR
