"""The export's CSVs, made to open in a spreadsheet.

UTF-8 with a byte-order mark (Excel reads UTF-8 only with it), one header
row, comma-separated, numbers with a decimal point (Python's own repr, never
the locale's), dates and times as the database keeps them: ISO 8601 UTC text
such as ``2026-11-23T20:18:57.123Z``.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable

from kiosk.sync.stickfs import HashingFile

CSV_TABLES = ("patients", "sessions", "reps")
BOM = "\ufeff".encode()
ROWS_PER_CHUNK = 20_000
# Rough bytes per row, to size the progress bar before the file exists.
BYTES_PER_ROW = {"patients": 200, "sessions": 700, "reps": 170}


def write_csv(snapshot: sqlite3.Connection, table: str, out: HashingFile,
              tick: Callable[[int], None]) -> int:
    """Write ``table`` of the snapshot as CSV into ``out``; returns the rows written.

    :param tick: called with the bytes written so far, after every chunk of rows
        (it may raise to stop the export).
    """
    cursor = snapshot.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([d[0] for d in cursor.description])
    out.write(BOM + buffer.getvalue().encode("utf-8"))
    rows = 0
    while chunk := cursor.fetchmany(ROWS_PER_CHUNK):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(chunk)
        out.write(buffer.getvalue().encode("utf-8"))
        rows += len(chunk)
        tick(out.size)
    return rows
