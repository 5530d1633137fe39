"""Session recordings: gzip CSV under recordings/YYYY/MM/, registered with size and SHA-256."""

from __future__ import annotations

import gzip
import hashlib
from datetime import UTC, datetime

from kiosk.analysis.recording import read_recording
from kiosk.analysis.samples import Sample
from kiosk.storage.recordings import SessionRecording
from kiosk.storage.store import Store


def _samples(n: int) -> list[Sample]:
    return [Sample(i / 100, None if i % 10 == 3 else 120.0 + i % 40,
                   (i % 1024, 500, 20, 510, 480, 15)) for i in range(n)]


def test_recording_is_compressed_csv_with_checksum(store, open_session, tmp_path):
    sid = open_session(store)
    at = datetime(2026, 2, 9, 10, 0, tzinfo=UTC)
    samples = _samples(1000)
    with SessionRecording(store, sid, at=at) as recording:
        for sample in samples:
            recording.write(sample)
    row = recording.close()  # a second close is harmless and returns the row

    assert row["path"] == f"recordings/2026/02/{sid}.csv.gz"
    file = store.data_dir / row["path"]
    data = file.read_bytes()
    assert row["size_bytes"] == len(data)
    assert row["sha256"] == hashlib.sha256(data).hexdigest()
    assert row["samples"] == 1000
    # The content is the section-3 format: decompressed, the analysis reads it back.
    plain = tmp_path / "plain.csv"
    plain.write_bytes(gzip.decompress(data))
    assert list(read_recording(plain)) == [
        Sample(s.t, s.tof_mm, s.strips) for s in samples
    ]
    assert len(data) < plain.stat().st_size / 3


def test_crashed_recording_gets_its_checksum_at_next_start(db_path, open_session):
    store = Store(db_path)
    sid = open_session(store)
    recording = SessionRecording(store, sid)
    for sample in _samples(500):
        recording.write(sample)
    recording._gzip.flush()  # part of it reached the disk before the crash
    store.db.conn.close()  # the process dies without closing the recording

    with Store(db_path) as reopened:
        (row,) = reopened.query("SELECT * FROM recordings WHERE session_id = ?", [sid])
        file = reopened.data_dir / row["path"]
        assert row["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
        assert row["size_bytes"] == file.stat().st_size > 0
