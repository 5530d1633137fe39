"""Pruning old recordings deletes the files, keeps the rows marked, and is audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.analysis.samples import Sample
from kiosk.errors import UserError
from kiosk.storage.recordings import SessionRecording


def _record(store, session_id):
    with SessionRecording(store, session_id) as rec:
        rec.write(Sample(0.0, 100.0, (1, 2, 3, 4, 5, 6)))
    return rec.close()


def test_prune_deletes_only_old_files_and_logs_it(store, open_session):
    old = _record(store, open_session(store))
    new = _record(store, open_session(store))
    # Pretend the first one is 40 days old.
    stamp = (datetime.now(UTC) - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    store.db.execute("UPDATE recordings SET created_at = ? WHERE id = ?", [stamp, old["id"]])

    result = store.prune_recordings(30, actor="nurse")

    assert result == {"files": 1, "bytes": old["size_bytes"]}
    assert not (store.data_dir / old["path"]).exists()
    assert (store.data_dir / new["path"]).exists()
    rows = {r["id"]: r for r in store.query("SELECT id, pruned_at FROM recordings")}
    assert rows[old["id"]]["pruned_at"] is not None and rows[new["id"]]["pruned_at"] is None
    (entry,) = store.query("SELECT * FROM audit_log WHERE action = 'prune_recordings'")
    assert entry["actor"] == "nurse"
    assert json.loads(entry["detail"]) == {"older_than_days": 30, "files": 1,
                                           "bytes": old["size_bytes"]}
    # Pruning again finds nothing more.
    assert store.prune_recordings(30)["files"] == 0


def test_zero_days_keeps_everything(store, open_session):
    rec = _record(store, open_session(store))
    far_future = datetime.now(UTC) + timedelta(days=3650)
    assert store.prune_recordings(0, now=far_future) == {"files": 0, "bytes": 0}
    assert (store.data_dir / rec["path"]).exists()


def test_negative_days_is_a_clear_error(store):
    with pytest.raises(UserError, match="0"):
        store.prune_recordings(-1)
