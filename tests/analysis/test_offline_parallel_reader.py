"""Parsing in a second process gives the same chunks and the same errors as in one."""

from __future__ import annotations

import multiprocessing
import random

import pytest

from kiosk.analysis import offline_reader
from kiosk.analysis.offline_reader import read_columns_parallel
from kiosk.analysis.recording import read_columns
from kiosk.errors import RecordingError

HEADER = "t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel\n"


def _rows(n: int) -> list[str]:
    rng = random.Random(5)
    return [
        f"{i / 200:.6f},{'' if rng.random() < 0.01 else rng.randint(60, 160)},"
        + ",".join(str(rng.randint(0, 1023)) for _ in range(6)) + "\n"
        for i in range(n)
    ]


@pytest.fixture(autouse=True)
def _parallel_for_small_files(monkeypatch):
    monkeypatch.setattr(offline_reader, "PARALLEL_MIN_BYTES", 1)


def _flat(chunks):
    return [row for ts, tofs, ss in chunks for row in zip(ts, tofs, ss, strict=True)]


def test_same_rows_as_one_process(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(HEADER + "".join(_rows(20000)))
    got = _flat(read_columns_parallel(path))
    assert got == _flat(read_columns(path))
    assert any(tof is None for _t, tof, _s in got)


def test_bad_line_gives_the_same_message_after_the_good_rows(tmp_path):
    rows = _rows(20000)
    rows[17000] = "85.0,80,1,2,3,4,5,abc\n"
    path = tmp_path / "rec.csv"
    path.write_text(HEADER + "".join(rows))
    seen = 0
    with pytest.raises(RecordingError) as info:
        for ts, _tofs, _ss in read_columns_parallel(path):
            seen += len(ts)
    assert str(info.value) == f"{path}: line 17002: r_heel 'abc' is not a whole number of counts"
    assert seen > 10000  # the chunks before the bad one came first


def test_bad_header_raises_at_once_in_the_caller(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text("t,tof_mm\n1,2\n")
    with pytest.raises(RecordingError, match="line 1: missing column"):
        read_columns_parallel(path)


def test_stopping_early_ends_the_child(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(HEADER + "".join(_rows(60000)))
    chunks = read_columns_parallel(path)
    next(chunks)
    chunks.close()  # the caller gives up (e.g. an error in the engine)
    assert multiprocessing.active_children() == []
