"""Property: whatever bytes or rows a recording holds, the reader gives samples or one line."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.analysis.recording import HEADER_LINE, read_recording
from kiosk.errors import RecordingError

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _read(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rec.csv"
        path.write_bytes(data)
        try:
            for sample in read_recording(path):
                assert len(sample.strips) == 6
                assert all(0 <= c <= 1023 for c in sample.strips)
        except RecordingError as exc:
            message = str(exc)
            assert message and "\n" not in message and str(path) in message


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _read(data)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_after_a_good_header(data):
    _read((HEADER_LINE + "\n").encode() + data)


@SETTINGS
@given(st.binary(max_size=600))
def test_random_gzip_content_and_damaged_gzip(data):
    packed = gzip.compress((HEADER_LINE + "\n").encode() + data)
    _read(packed)
    _read(packed[: len(packed) // 2])


_cell = st.one_of(
    st.integers(-5, 1100).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "x", "1e400", "nan", "-0", "0x10", '"', "\r", "1,2"]),
    st.text(max_size=5),
)


@SETTINGS
@given(st.lists(st.lists(_cell, min_size=0, max_size=10), max_size=40))
@example([['"'], ['"', "0", "0", "0", "0", "0", "0", "0"]])  # a quoted line break as a time
def test_random_rows(rows):
    text = HEADER_LINE + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    _read(text.encode("utf-8", errors="surrogatepass"))
