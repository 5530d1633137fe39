"""A full disk gives StorageFullError with a plain message; stored reps stay; the session ends.

SQLITE_FULL is forced with ``PRAGMA max_page_count`` (the database may not grow),
and a full disk for files with /dev/full (every write fails with ENOSPC).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.analysis.samples import Sample
from kiosk.errors import StorageFullError
from kiosk.storage import queries
from kiosk.storage.recordings import SessionRecording
from kiosk.storage.store import Store


def test_database_full_during_a_session(db_path, make_rep, open_session):
    store = Store(db_path)
    sid = open_session(store)
    for n in range(1, 4):
        store.add_rep(sid, 1, n, make_rep(70.0 + n))
    pages = store.query("PRAGMA page_count")[0]["page_count"]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full

    with pytest.raises(StorageFullError) as caught:
        for n in range(4, 2000):
            store.add_rep(sid, 1, n, make_rep(70.0, notes="x" * 500))
    message = str(caught.value)
    assert message.startswith("the kiosk's storage is full") and "\n" not in message
    failed_at = n

    # Nothing half-written: the summary agrees with the reps that are there.
    stored = queries.session_reps(store, sid)
    assert [r["number"] for r in stored] == list(range(1, failed_at))
    assert store.get_session(sid)["rep_count"] == failed_at - 1

    store.end_session(sid, "stopped", reason="disk_full")  # ends cleanly, in place
    store.close()
    with Store(db_path) as reopened:
        assert reopened.get_session(sid)["status"] == "stopped"
        assert len(queries.session_reps(reopened, sid)) == failed_at - 1
        assert reopened.integrity_ok()


def test_recording_on_a_full_disk(store, open_session):
    sid = open_session(store)
    at = datetime(2026, 3, 4, tzinfo=UTC)
    target = store.data_dir / store.recording_path(sid, at)
    target.parent.mkdir(parents=True)
    os.symlink("/dev/full", target)  # every write to the file fails with ENOSPC

    recording = SessionRecording(store, sid, at=at)
    with pytest.raises(StorageFullError, match="full"):
        for i in range(200_000):
            recording.write(Sample(i / 100, 100.0 + i % 50, (i % 1024, 2, 3, 4, 5, 6)))
        recording.close()
    assert Path(target).is_symlink()
    # The database still works and knows the recording's path.
    rows = store.query("SELECT path FROM recordings WHERE session_id = ?", [sid])
    assert rows == [{"path": store.recording_path(sid, at).as_posix()}]
