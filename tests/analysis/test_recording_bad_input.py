"""`analyze` reads the kiosk's own .csv.gz recordings and names bad input precisely."""

from __future__ import annotations

import gzip

import pytest

from kiosk.analysis.recording import HEADER_LINE, read_recording
from kiosk.cli import main
from kiosk.errors import RecordingError

ROW = "{t},100,10,10,10,10,10,10"


def _rows(n: int, start: float = 0.0) -> str:
    return "".join(ROW.format(t=f"{start + i / 100:.6f}") + "\n" for i in range(n))


def test_a_gzip_recording_reads_like_the_plain_one(tmp_path):
    text = HEADER_LINE + "\n" + _rows(300)
    plain = tmp_path / "rec.csv"
    plain.write_text(text)
    packed = tmp_path / "rec.csv.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    assert list(read_recording(packed)) == list(read_recording(plain))
    assert len(list(read_recording(packed))) == 300


def test_analyze_command_reads_a_gzip_recording(tmp_path, capsys):
    packed = tmp_path / "rec.csv.gz"
    packed.write_bytes(gzip.compress((HEADER_LINE + "\n" + _rows(200)).encode()))
    assert main(["analyze", str(packed), "--json"]) == 0
    assert capsys.readouterr().out.startswith('{"reps": [')


def test_a_damaged_gzip_file_is_one_line(tmp_path):
    packed = tmp_path / "rec.csv.gz"
    packed.write_bytes(gzip.compress((HEADER_LINE + "\n" + _rows(5000)).encode())[:400])
    with pytest.raises(RecordingError, match="compressed file is damaged"):
        list(read_recording(packed))


def test_a_trailing_extra_column_is_ignored(tmp_path):
    path = tmp_path / "rec.csv"
    lines = [HEADER_LINE + ",note"] + [line + ",x" for line in _rows(50).splitlines()]
    path.write_text("\n".join(lines) + "\n")
    samples = list(read_recording(path))
    assert len(samples) == 50 and samples[1].strips == (10,) * 6


def test_time_going_backwards_shows_both_times_apart(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(HEADER_LINE + "\n" + ROW.format(t="1.0000002") + "\n"
                    + ROW.format(t="1.0000001") + "\n")
    with pytest.raises(RecordingError) as err:
        list(read_recording(path))
    assert "line 3" in str(err.value)
    assert "1.0000001 s after 1.0000002 s" in str(err.value)


def test_a_bad_byte_names_its_line(tmp_path):
    path = tmp_path / "rec.csv"
    body = _rows(800).splitlines()
    body[499] = body[499].replace("100", "1\xff0")  # line 501 of the file
    path.write_bytes((HEADER_LINE + "\n" + "\n".join(body) + "\n").encode("latin-1"))
    with pytest.raises(RecordingError, match=r": line 501: binary data"):
        list(read_recording(path))


@pytest.mark.parametrize("option", ["--target-mm=inf", "--target-mm=nan", "--tempo="])
def test_bad_option_values_are_refused(tmp_path, capsys, option):
    path = tmp_path / "rec.csv"
    path.write_text(HEADER_LINE + "\n" + _rows(10))
    assert main(["analyze", str(path), option]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
