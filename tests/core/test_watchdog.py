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
