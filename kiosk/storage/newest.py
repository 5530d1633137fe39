"""The newest time stamp in the database, read without changing anything.

For ``smartstep doctor``'s clock check: a clock earlier than the newest record
means the Pi booted with a stale time, and new records would sort before old ones.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kiosk.storage.ids import parse_utc

# Tables whose updated_at a session, a patient change or a staff action moves forward.
_TABLES = ("sessions", "patients", "audit_log")


def newest_record_time(db_path: Path) -> datetime | None:
    """The latest ``updated_at`` of the main tables (UTC), or None without a database/records.

    Opens the file read-only and creates no file: after a clean shutdown (no ``-wal``
    file) it is opened as immutable, so SQLite makes no ``-shm``/``-wal`` next to it;
    made by root (``sudo smartstep doctor``) they would lock the kiosk's own user out.
    While the kiosk runs, its ``-wal`` exists and is read as usual.

    :raises sqlite3.Error: the file is not a readable SQLite database.
    """
    if not db_path.exists():
        return None
    wal = db_path.with_name(db_path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?{flags}", uri=True)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        newest: str | None = None
        for table in _TABLES:
            if table in names:
                (value,) = conn.execute(f"SELECT max(updated_at) FROM {table}").fetchone()
                if value is not None and (newest is None or value > newest):
                    newest = value
    finally:
        conn.close()
    return None if newest is None else parse_utc(newest)
