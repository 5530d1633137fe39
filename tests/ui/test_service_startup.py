"""``smartstep run`` as a systemd ``Type=notify`` service: READY=1 after the first
frame, WATCHDOG=1 pings from the UI clock, STOPPING=1 on SIGTERM; and at start-up
old recordings are pruned (``storage.recordings_keep_days``) off the UI thread."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.analysis.samples import Sample
from kiosk.programme import Programme
from kiosk.storage.recordings import SessionRecording
from kiosk.storage.store import Store
from tests.processes import SMARTSTEP, user_env

pytestmark = [pytest.mark.ui, pytest.mark.slow]

CONFIG = """
[storage]
recordings_keep_days = 30
"""


def _old_recording(data) -> dict:
    """A stored session whose recording is 40 days old."""
    store = Store(data / "smartstep.db", data)
    try:
        session_id = store.start_session(None, Programme(), step_id="step-test")
        with SessionRecording(store, session_id) as rec:
            rec.write(Sample(0.0, 100.0, (1, 2, 3, 4, 5, 6)))
        info = rec.close()
        store.end_session(session_id, "completed")
        stamp = (datetime.now(UTC) - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        store.db.execute("UPDATE recordings SET created_at = ? WHERE id = ?", [stamp, info["id"]])
        return store.query("SELECT id, path FROM recordings WHERE id = ?", [info["id"]])[0]
    finally:
        store.close()


def _receive(sock: socket.socket, until: bytes, timeout_s: float) -> list[bytes]:
    """Messages from the kiosk until one starts with ``until`` (or the time is up)."""
    got: list[bytes] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            message = sock.recv(4096)
        except TimeoutError:
            continue
        got.append(message)
        if message.startswith(until):
            break
    return got


def test_notifies_systemd_and_prunes_old_recordings(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    old = _old_recording(data)
    assert (data / old["path"]).exists()

    notify = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify)
    sock.settimeout(0.5)
    env = user_env(tmp_path, SMARTSTEP_DATA=str(data), NOTIFY_SOCKET=notify,
                   WATCHDOG_USEC="1500000")  # ping every 0.5 s at most
    proc = subprocess.Popen(
        [SMARTSTEP, "run", "--sim", "--config", str(config)], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        start = _receive(sock, b"READY=1", 60)
        assert start and start[-1].startswith(b"READY=1"), proc.poll()
        pings = _receive(sock, b"WATCHDOG=1", 10)
        assert pings and pings[-1] == b"WATCHDOG=1"
        assert _receive(sock, b"WATCHDOG=1", 10)[-1] == b"WATCHDOG=1"  # and again

        proc.send_signal(signal.SIGTERM)
        end = _receive(sock, b"STOPPING=1", 20)
        assert end and end[-1] == b"STOPPING=1"
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()

    with sqlite3.connect(f"file:{data / 'smartstep.db'}?mode=ro", uri=True) as conn:
        pruned_at = conn.execute("SELECT pruned_at FROM recordings WHERE id = ?",
                                 [old["id"]]).fetchone()[0]
        actor = conn.execute("SELECT actor FROM audit_log WHERE action = 'prune_recordings'"
                             ).fetchone()[0]
    assert pruned_at is not None and actor == "retention"
    assert not (data / old["path"]).exists()
