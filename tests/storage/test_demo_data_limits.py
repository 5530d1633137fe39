"""demo-data refuses absurd sizes in one line and writes as it goes (memory stays flat)."""

from __future__ import annotations

import tracemalloc

import pytest

from kiosk.cli import main
from kiosk.sim.history import MAX_PATIENTS, MAX_YEARS, generate
from kiosk.storage.store import Store


@pytest.mark.parametrize("argv", [
    ["--years", "10000"], ["--years", "inf"], ["--years", "nan"], ["--years", "0"],
    ["--years", "50.5"], ["--patients", "1000000"], ["--patients", "-3"],
])
def test_absurd_sizes_are_one_line(argv, capsys):
    assert main(["demo-data", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smartstep: ") and err.count("\n") == 1, err
    assert argv[1] in err


def test_library_refuses_out_of_range_sizes(db_path):
    with Store(db_path) as store:
        for kwargs in ({"years": 10000.0}, {"years": 0.0}, {"patients": MAX_PATIENTS + 1}):
            with pytest.raises(ValueError):
                generate(store, **kwargs)


class _FirstWrite(Exception):
    pass


def test_a_long_history_starts_writing_with_little_memory(db_path, monkeypatch):
    """A long, busy run writes its first sessions before its memory grows: the calendar is
    made as it is written, never held whole (small writes keep this test quick). Held whole,
    the 50-year calendar of 2,000 patients took 54 MB before the first write.
    """
    monkeypatch.setattr("kiosk.sim.history.CHUNK_SESSIONS", 20, raising=False)
    seen = {}

    def progress(totals) -> None:
        seen["peak"] = tracemalloc.get_traced_memory()[1]
        raise _FirstWrite

    with Store(db_path) as store:
        tracemalloc.start()
        try:
            with pytest.raises(_FirstWrite):
                generate(store, patients=1200, years=MAX_YEARS, progress=progress)
        finally:
            tracemalloc.stop()
        written = store.query("SELECT count(*) AS n FROM sessions")[0]["n"]
    assert written > 0  # committed before the first progress report
    assert seen["peak"] < 12e6, f"{seen['peak'] / 1e6:.0f} MB before the first write"


def test_running_twice_adds_to_the_history(capsys):
    for _ in range(2):
        assert main(["demo-data", "--patients", "2", "--years", "0.1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("demo data: 2 patients") for line in out)
