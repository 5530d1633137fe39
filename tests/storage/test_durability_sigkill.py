"""SIGKILL a process writing a session at random moments: no reported rep is ever lost.

The child prints each rep's id only after ``add_rep`` returned (as the screen
shows a rep only after it is stored). After every kill the database must hold
every printed rep, pass ``PRAGMA integrity_check`` and, once reopened, show the
killed session as ``interrupted``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.storage.store import Store

KILLS = 22
REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from kiosk.programme import Programme
from kiosk.storage.store import Store

store = Store(sys.argv[1])
session_id = store.start_session(None, Programme(), step_id="kill-test")
print("session", session_id, flush=True)
n = 0
while True:
    set_number, number = divmod(n, 20)
    if number == 0:
        store.start_set(session_id, set_number + 1, 20)
    n += 1
    rep = {"start_s": n * 4.0, "top_s": n * 4.0 + 1.5, "end_s": n * 4.0 + 3.5,
           "peak_mm": 60.0 + n % 30, "up_s": 1.2, "down_s": 1.8, "stance": "both",
           "faults": ["partial"] if n % 5 == 0 else [], "lsi": 90.0 + n % 10}
    rep_id = store.add_rep(session_id, set_number + 1, number + 1, rep)
    if n % 7 == 0:
        store.add_fault_event(session_id, "partial", n * 4.0, rep_id=rep_id)
    print("rep", rep_id, flush=True)
"""


def _run_and_kill(db_path: Path, delay_s: float) -> tuple[str | None, list[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path)], cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(delay_s)  # a random moment: during start-up, migrations or mid-commit
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate()  # everything printed before the kill is in the pipe
    assert child.returncode == -signal.SIGKILL, f"child ended by itself: {err[-500:]}"
    session_id = None
    reps = []
    # The last piece after the final newline is empty or cut by the kill: not reported.
    for line in out.split("\n")[:-1]:
        kind, _, value = line.partition(" ")
        if kind == "session":
            session_id = value
        elif kind == "rep":
            reps.append(value)
    return session_id, reps


@pytest.mark.slow
def test_no_reported_rep_is_lost_across_random_kills(db_path):
    seed = int(os.environ.get("SMARTSTEP_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    total_reported = 0
    for attempt in range(KILLS):
        session_id, reported = _run_and_kill(db_path, rng.uniform(0.05, 0.9))
        total_reported += len(reported)
        where = f"(seed {seed}, kill {attempt + 1})"
        with Store(db_path) as store:
            assert store.integrity_ok(), where
            if session_id is not None:
                assert session_id in store.recovered_sessions, where
                assert store.get_session(session_id)["status"] == "interrupted", where
            if reported:
                stored = {r["id"] for r in store.query(
                    "SELECT id FROM reps WHERE session_id = ?", [session_id])}
                missing = set(reported) - stored
                assert not missing, f"{len(missing)} reported reps lost {where}"
                summary = store.get_session(session_id)
                assert summary["rep_count"] == len(stored), where
            assert not store.query("SELECT id FROM sessions WHERE status = 'open'"), where
    # The kills really landed while reps were being written, not only at start-up.
    assert total_reported > KILLS
