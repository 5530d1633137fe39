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


def test_the_demo_runs_a_heel_rise_test_to_failure_and_says_why(tmp_path):
    """Every Nth demo loop is the heel-rise test: the simulated person tires, and the
    test stops by its own rule (the heel no longer rises), stored with the test."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG + "heel_rise_test_every = 1\n", encoding="utf-8")
    data = tmp_path / "data"
    db = data / "smartstep.db"
    log = tmp_path / "run.log"

    def ended() -> list[tuple]:
        if not db.exists():
            return []
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                return conn.execute("SELECT reps, ended_by, quality FROM heel_rise_tests"
                                    " WHERE ended_by IS NOT NULL").fetchall()
        except sqlite3.Error:
            return []

    with log.open("w") as out:
        proc = subprocess.Popen(
            [SMARTSTEP, "run", "--demo", "--config", str(config)], cwd=tmp_path,
            env=user_env(tmp_path, SMARTSTEP_DATA=str(data)), stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 150
        while not ended() and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()[-2000:]
            time.sleep(0.2)  # a poll's pause: the deadline above is the limit
        rows = ended()
        assert rows, "no heel-rise test ended within 150 s"
        reps, ended_by, quality = rows[0]
        assert ended_by == "low_height" and reps >= 10
        assert quality == "poor"  # a simulated device: never counted in trends by itself
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
