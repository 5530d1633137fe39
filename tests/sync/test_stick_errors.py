"""Which export code an error on the stick becomes."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from kiosk.sync.codes import ExportCode
from kiosk.sync.stickfs import StickFiles, classify


@pytest.mark.parametrize(("error", "code"), [
    (OSError(errno.ENOSPC, "No space left on device"), ExportCode.STICK_FULL),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), ExportCode.STICK_FULL),
    (sqlite3.OperationalError("database or disk is full"), ExportCode.STICK_FULL),
    (OSError(errno.EROFS, "Read-only file system"), ExportCode.STICK_READ_ONLY),
    (OSError(errno.EIO, "Input/output error"), ExportCode.STICK_ERROR),
])
def test_errors_on_a_stick_that_is_still_there(tmp_path, error, code):
    device = tmp_path / "sdb1"
    device.touch()
    assert classify(error, StickFiles(tmp_path, device=device)) == code


def test_an_io_error_after_the_device_went_away_is_a_pulled_stick(tmp_path):
    files = StickFiles(tmp_path, device=tmp_path / "gone-sdb1")
    assert classify(OSError(errno.EIO, "Input/output error"), files) == ExportCode.STICK_REMOVED
    assert classify(sqlite3.OperationalError("disk I/O error"), files) == ExportCode.STICK_REMOVED
