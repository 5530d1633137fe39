"""RecordingWriter and read_recording agree on the section-3 format."""

from __future__ import annotations

import io

from kiosk.analysis.recording import RecordingWriter, read_recording, recording_text
from kiosk.analysis.samples import Sample

SAMPLES = [
    Sample(0.0, 80.0, (8, 9, 10, 11, 12, 13)),
    Sample(0.005, None, (500, 400, 300, 200, 100, 0)),
    Sample(0.0101, 123.5, (1023, 0, 1, 2, 3, 4)),
]


def test_header_and_empty_tof_are_exactly_the_contract():
    buffer = io.StringIO()
    with RecordingWriter(buffer) as writer:
        for s in SAMPLES:
            writer.write(s)
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel"
    assert lines[2].split(",")[1] == ""
    assert len(lines) == 1 + len(SAMPLES)


def test_written_samples_read_back_equal(tmp_path):
    path = tmp_path / "sub" / "rec.csv"
    with RecordingWriter(path) as writer:
        for s in SAMPLES:
            writer.write(s)
    assert list(read_recording(path)) == SAMPLES


def test_close_is_safe_twice(tmp_path):
    writer = RecordingWriter(tmp_path / "r.csv")
    writer.close()
    writer.close()


def test_columns_in_another_order_are_read_by_name(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("tof_mm,t,r_heel,r_lat,r_toe,l_heel,l_lat,l_toe\n81,0.5,6,5,4,3,2,1\n")
    assert list(read_recording(path)) == [Sample(0.5, 81.0, (1, 2, 3, 4, 5, 6))]


def test_long_file_with_blank_lines_and_gaps_reads_every_row(tmp_path):
    # Long enough for the chunked fast path; the blank line sends one chunk the slow way.
    path = tmp_path / "r.csv"
    expected = [Sample(i / 200, None if i % 7 == 0 else 80.0 + i % 5, (i % 1024, 0, 1, 2, 3, 4))
                for i in range(30000)]
    text = recording_text(expected).replace("\n", "\n\n", 1000)  # one blank line, early
    path.write_text(text.replace("\n\n", "\n", 999))
    assert list(read_recording(path)) == expected
