"""Malformed recordings give one clear line naming the problem and the line."""

from __future__ import annotations

import pytest

from kiosk.analysis.recording import read_recording
from kiosk.errors import RecordingError

HEADER = "t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel\n"
ROW = "0.0,80,1,2,3,4,5,6\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "empty"),
        ("t,tof_mm,l_toe\n0,1,2\n", "missing column(s) l_lat"),
        (HEADER + ROW + "0.1,abc,1,2,3,4,5,6\n", "line 3: tof_mm 'abc' is not a number"),
        (HEADER + ROW + "0.1,80,1,2,x,4,5,6\n", "line 3: l_heel 'x'"),
        (HEADER + ROW + "-0.5,80,1,2,3,4,5,6\n", "line 3: time goes backwards"),
        (HEADER + ROW + "0.1,80,1,2,3,4,5,2000\n", "line 3: r_heel = 2000 is outside"),
        (HEADER + ROW + "0.1,80,1,2,3\n", "line 3: expected 8 values, found 5"),
        (HEADER, "no samples"),
    ],
)
def test_malformed_text(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(RecordingError) as info:
        list(read_recording(path))
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert str(path) in message


def test_missing_file(tmp_path):
    with pytest.raises(RecordingError, match="no such recording file"):
        read_recording(tmp_path / "nope.csv")


def test_binary_file(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(RecordingError, match="binary"):
        list(read_recording(path))


def test_error_deep_in_a_long_file_names_its_line(tmp_path):
    path = tmp_path / "long.csv"
    rows = [f"{i / 100:.2f},80,1,2,3,4,5,6\n" for i in range(20000)]
    rows[15000] = "150.00,80,1,2,3,4,5,1024\n"
    path.write_text(HEADER + "".join(rows))
    with pytest.raises(RecordingError, match="line 15002: r_heel = 1024"):
        list(read_recording(path))
