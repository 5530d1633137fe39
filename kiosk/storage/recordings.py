"""Session recordings: gzip CSV files under the data dir, registered in the database.

``SessionRecording`` is what the session service streams samples into. The file
(``recordings/YYYY/MM/<session id>.csv.gz``) is registered as soon as it is
opened, so a crash still leaves it findable; ``close()`` stores its size and
SHA-256 (a crashed one gets them at the next start, see ``Store``).
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from kiosk.analysis.recording import RecordingWriter
from kiosk.analysis.samples import Sample
from kiosk.storage.store import full_disk_as_storage_error

# Level 6: about 4x smaller than the CSV for a fraction of a core at 100 Hz.
COMPRESS_LEVEL = 6


class RecordingStore(Protocol):
    """What a recording needs of its store (``Store`` has it; so does the session
    service's port, ``kiosk.session.ports.SessionStore``)."""

    data_dir: Path

    def recording_path(self, session_id: str, at: datetime | None = None) -> Path: ...
    def register_recording(self, session_id: str, relative_path: Path) -> str: ...
    def finish_recording(self, recording_id: str, samples: int | None = None
                         ) -> dict[str, Any]: ...


class SessionRecording:
    """Streams one session's samples to its compressed recording.

    :param store: where the recording is registered.
    :param session_id: the session it belongs to.
    :raises StorageFullError: from ``write``/``close`` when the disk is full.
    """

    def __init__(self, store: RecordingStore, session_id: str, at: datetime | None = None
                 ) -> None:
        self._store = store
        self.relative_path = store.recording_path(session_id, at or datetime.now(UTC))
        self.path = store.data_dir / self.relative_path
        self.samples = 0
        with full_disk_as_storage_error():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._gzip: IO[str] = gzip.open(  # noqa: SIM115 (closed in close())
                self.path, "wt", encoding="utf-8", newline="", compresslevel=COMPRESS_LEVEL
            )
            self._writer = RecordingWriter(self._gzip)
        self.recording_id = store.register_recording(session_id, self.relative_path)
        self._closed = False

    def write(self, sample: Sample) -> None:
        """Append one sample."""
        with full_disk_as_storage_error():
            self._writer.write(sample)
        self.samples += 1

    def close(self) -> dict[str, Any]:
        """Finish the file and store its size and SHA-256 (safe twice); returns the row."""
        if not self._closed:
            self._closed = True
            with full_disk_as_storage_error():
                self._writer.close()
                self._gzip.close()
        return self._store.finish_recording(self.recording_id, self.samples)

    def __enter__(self) -> SessionRecording:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
