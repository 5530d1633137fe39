"""Property: whatever text and numbers a table holds, its export CSV reads back (with
Python's csv module, as a spreadsheet would) to the same values, one row per row."""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.sync.csv_tables import BOM, write_csv
from kiosk.sync.stickfs import HashingFile, StickFiles

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

_text = st.none() | st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                            max_size=12)
# Up to 1e300: SQLite's 15 digits round the very largest doubles up past the maximum.
_real = st.none() | st.floats(min_value=-1e300, max_value=1e300, width=64)
_int = st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1)
_row = st.tuples(_text, _real, _int, _text)


def _export(rows: list[tuple]) -> tuple[list[str], list[list[str]], bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp, "snap.db")
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE t (name TEXT, value REAL, n INTEGER, note TEXT)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
        conn.commit()
        conn.close()
        out = HashingFile(StickFiles(Path(tmp)), Path(tmp, "t.csv"))
        written = write_csv(db, "t", out, lambda _bytes: None)
        out.commit()
        raw = Path(tmp, "t.csv").read_bytes()
    assert written == len(rows)
    header, *body = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    return header, body, raw


@SETTINGS
@given(st.lists(_row, max_size=12))
@example([('a"b,c\r\nd', 1.5, 3, None), ("", -0.0, None, "x'y"), (None, None, 0, "é")])
def test_every_value_reads_back(rows):
    header, body, raw = _export(rows)
    assert raw.startswith(BOM)
    assert header == ["name", "value", "n", "note"]
    assert len(body) == len(rows)
    for (name, value, n, note), line in zip(rows, body, strict=True):
        assert line[0] == (name or "") and line[3] == (note or "")
        assert line[2] == ("" if n is None else str(n))
        if value is None:
            assert line[1] == ""
        else:
            assert "," not in line[1]  # a decimal point, never a decimal comma
            # SQLite prints at most 15 significant digits.
            assert abs(float(line[1]) - value) <= abs(value) * 1e-14


def test_a_wide_table_is_split_over_several_printf_calls(tmp_path):
    names = [f"c{k}" for k in range(130)]
    conn = sqlite3.connect(tmp_path / "wide.db")
    conn.execute(f"CREATE TABLE w ({', '.join(n + ' REAL' for n in names)})")
    conn.execute(f"INSERT INTO w VALUES ({', '.join(str(k + 0.5) for k in range(130))})")
    conn.commit()
    conn.close()
    out = HashingFile(StickFiles(tmp_path), tmp_path / "w.csv")
    write_csv(tmp_path / "wide.db", "w", out, lambda _bytes: None)
    out.commit()
    header, row = csv.reader(io.StringIO((tmp_path / "w.csv").read_text("utf-8-sig")))
    assert header == names and row == [str(k + 0.5) for k in range(130)]
