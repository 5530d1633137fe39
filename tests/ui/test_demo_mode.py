"""``smartstep run --demo``: the simulated person and the on-screen buttons go through a
whole session by themselves; SIGTERM (systemd) ends the app cleanly."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time

import pytest

from tests.processes import SMARTSTEP, user_env

pytestmark = [pytest.mark.ui, pytest.mark.slow]

# Short, so the real process gets through a whole session soon: one set of two quick reps.
# Demo sessions of two sets with a rest run faster than real time, on the sample clock, in
# tests/session/test_demo.py.
CONFIG = """
[demo]
tempo = "1-0-1"
rest_s = 0.0
sets = 1
reps = 2
"""


def _completed(db):
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute(
                "SELECT id, patient_id FROM sessions WHERE status = 'completed'").fetchall()
    except sqlite3.Error:
        return []


def test_demo_runs_a_whole_session_by_itself(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    data = tmp_path / "data"
    log = tmp_path / "run.log"  # a file, not a pipe: nobody reads a pipe while it runs
    with log.open("w") as out:
        proc = subprocess.Popen(
            [SMARTSTEP, "run", "--demo", "--config", str(config)], cwd=tmp_path,
            env=user_env(tmp_path, SMARTSTEP_DATA=str(data)), stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 120
        while not _completed(data / "smartstep.db") and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()[-2000:]
            time.sleep(0.1)  # a poll's pause: the deadline above is the limit
        done = _completed(data / "smartstep.db")
        assert done, "no completed session within 120 s"
        session_id, patient_id = done[0]
        assert patient_id is None  # the demo signs in as a guest
        with sqlite3.connect(f"file:{data / 'smartstep.db'}?mode=ro", uri=True) as conn:
            reps = conn.execute("SELECT count(*) FROM reps WHERE session_id = ?",
                                [session_id]).fetchone()[0]
        assert reps == 2
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # Every rep reached the screen without an error (a clock other than the kiosk's
    # once logged a traceback for each one).
    errors = [line for line in log.read_text().splitlines()
              if " ERROR " in line or " CRITICAL " in line or "Traceback" in line]
    assert errors == []
