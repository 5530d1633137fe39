"""systemd notifications reach a real AF_UNIX datagram socket."""

from __future__ import annotations

import socket

from kiosk.watchdog import ServiceWatchdog


def _listen(tmp_path, monkeypatch, watchdog_usec: str | None):
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(1.0)
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    if watchdog_usec is None:
        monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    else:
        monkeypatch.setenv("WATCHDOG_USEC", watchdog_usec)
    return sock


def test_ready_and_pings_at_a_third_of_the_period(tmp_path, monkeypatch):
    sock = _listen(tmp_path, monkeypatch, "30000000")  # 30 s
    now = [100.0]
    dog = ServiceWatchdog(clock=lambda: now[0])
    assert dog.interval_s == 10.0
    dog.ping()  # before READY: nothing (a slow first frame once put a ping first)
    dog.ready()
    assert sock.recv(100).startswith(b"READY=1")
    dog.ping()
    assert sock.recv(100) == b"WATCHDOG=1"
    now[0] += 5.0
    dog.ping()  # too soon: nothing sent
    now[0] += 5.0
    dog.ping()
    assert sock.recv(100) == b"WATCHDOG=1"
    sock.setblocking(False)
    try:
        extra = sock.recv(100)
    except BlockingIOError:
        extra = None
    assert extra is None


def test_without_systemd_everything_is_a_no_op(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    dog = ServiceWatchdog()
    assert not dog.enabled
    dog.ready()
    dog.ping()
    dog.stopping()


def test_no_child_process_inherits_the_notify_socket(tmp_path, monkeypatch):
    """A process the kiosk starts (on a desktop SDL's start-up launched a D-Bus session
    daemon) once sent READY=1 for it, before the kiosk could handle SIGTERM."""
    import os
    import subprocess
    import sys

    sock = _listen(tmp_path, monkeypatch, "30000000")
    dog = ServiceWatchdog()
    assert dog.enabled and dog.interval_s == 10.0
    assert not {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"} & set(os.environ)
    child = subprocess.run([sys.executable, "-c", "import os; print(os.environ.get("
                            "'NOTIFY_SOCKET', ''))"], capture_output=True, text=True, check=True)
    assert child.stdout.strip() == ""
    dog.ready()  # still connected: the kiosk itself keeps speaking
    assert sock.recv(100).startswith(b"READY=1")
