"""The export's CSVs, made to open in a spreadsheet.

UTF-8 with a byte-order mark (Excel reads UTF-8 only with it), one header
row, comma-separated, numbers with a decimal point (SQLite's text form of a
number, up to 15 significant digits, never the locale's), dates and times as
the database keeps them: ISO 8601 UTC text such as ``2026-11-23T20:18:57.123Z``.

SQLite itself turns each row into one CSV line (RFC 4180 quoting): building
millions of lines in C is several times faster than Python's ``csv`` module
formatting each value, and the reps table has millions of rows.
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
    columns = snapshot.execute(f"PRAGMA table_info([{table}])").fetchall()
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow([c[1] for c in columns])
    out.write(BOM + header.getvalue().encode("utf-8"))
    line = " || ',' || ".join(_cell(name, declared) for _, name, declared, *_ in columns)
    cursor = snapshot.execute(f"SELECT {line} || char(13, 10) FROM [{table}] ORDER BY rowid")
    rows = 0
    while chunk := cursor.fetchmany(ROWS_PER_CHUNK):
        out.write("".join(r[0] for r in chunk).encode("utf-8"))
        rows += len(chunk)
        tick(out.size)
    return rows


def _cell(name: str, declared: str) -> str:
    """SQL for one CSV cell: empty for NULL, quoted only when the text needs it."""
    col = f"[{name}]"
    if declared.upper() in ("REAL", "INTEGER"):
        return f"coalesce(CAST({col} AS TEXT), '')"
    quoted = f"""'"' || replace({col}, '"', '""') || '"'"""
    needs_quotes = "'*[\",\r\n]*'"  # a literal with a real CR and LF in it
    return (f"CASE WHEN {col} IS NULL THEN '' WHEN {col} GLOB {needs_quotes}"
            f" THEN {quoted} ELSE CAST({col} AS TEXT) END")
