"""The block parser of ``read_columns`` reads exactly what the row-by-row CSV parser reads.

Line ends (LF, CRLF, old Mac CR, none at the end), blank lines, blocks that cut
lines anywhere, and the line number of a bad row deep in a long file.
"""

from __future__ import annotations

import random

import pytest

from kiosk.analysis.recording import _rows, read_columns
from kiosk.errors import RecordingError

HEADER = "t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel"


def _text(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        tof = "" if rng.random() < 0.01 else f"{rng.uniform(60, 160):.6g}"
        counts = ",".join(str(rng.randint(0, 1023)) for _ in range(6))
        rows.append(f"{i / 200:.6f},{tof},{counts}")
    return rows


def _expected(body: str) -> list[tuple]:
    lines = body.splitlines(keepends=True)
    return list(_rows("x", iter(lines), list(range(8)), 8))


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("final_end", [True, False])
def test_columns_equal_row_parser(tmp_path, end, final_end):
    rows = _text(9000, seed=len(end))  # several 64 k blocks
    rows.insert(4000, "")  # a blank line in the middle
    body = end.join(rows) + (end if final_end else "")
    path = tmp_path / "rec.csv"
    path.write_bytes((HEADER + end + body).encode())
    got = [row for ts, tofs, ss in read_columns(path) for row in zip(ts, tofs, ss, strict=True)]
    assert got == _expected(body)


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_bad_row_deep_in_a_block_keeps_its_line_number(tmp_path, end):
    rows = _text(12000, seed=3)
    rows[10500] = rows[10500].rsplit(",", 1)[0]  # 7 values on line 10502
    path = tmp_path / "rec.csv"
    path.write_bytes((HEADER + end + end.join(rows) + end).encode())
    with pytest.raises(RecordingError, match="line 10502: expected 8 values, found 7"):
        list(read_columns(path))


def test_an_extra_value_and_a_missing_one_do_not_cancel_out(tmp_path):
    rows = _text(3000, seed=4)
    # 9 values on line 2002 (the 9th would pass for the next time) and 7 on
    # line 2003 (no tof_mm): 16 in all, and every value still converts.
    rows[2000] += ",10"
    t, _tof, counts = rows[2001].split(",", 2)
    rows[2001] = f"{t},{counts}"
    path = tmp_path / "rec.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(RecordingError, match="line 2002: expected 8 values, found 9"):
        list(read_columns(path))
