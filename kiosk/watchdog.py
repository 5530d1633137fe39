"""systemd readiness and watchdog pings (``Type=notify`` + ``WatchdogSec=``).

The UI calls ``ready()`` once its first frame is up and ``ping()`` from the Kivy
clock, so a frozen UI stops pinging and systemd restarts the kiosk. Outside
systemd (no ``$NOTIFY_SOCKET``) every call is a cheap no-op.

Made first thing at start-up, it takes ``NOTIFY_SOCKET`` and the watchdog variables out
of the environment (as ``sd_notify``'s ``unset_environment`` does): every process the
kiosk starts inherits its environment, and one that speaks the notify protocol would
speak for the kiosk. Seen: on a desktop the window's start-up launches a D-Bus session
daemon, which sent READY=1 before the kiosk's first frame, while SIGTERM still killed it.
"""

from __future__ import annotations

import os
import time

import sdnotify


class ServiceWatchdog:
    """Tells systemd the kiosk is ready and still alive."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._enabled = bool(os.environ.get("NOTIFY_SOCKET"))
        self._notifier = sdnotify.SystemdNotifier() if self._enabled else None  # connects now
        usec = os.environ.get("WATCHDOG_USEC", "")
        for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
            os.environ.pop(name, None)
        # Ping at a third of the watchdog period: under half, with room for a slow frame.
        self.interval_s = int(usec) / 3e6 if usec.isdigit() and int(usec) > 0 else None
        self._last_ping = float("-inf")
        self._ready = False

    @property
    def enabled(self) -> bool:
        return self._enabled

    def ready(self, status: str = "running") -> None:
        self._ready = True
        self._send(f"READY=1\nSTATUS={status}")

    def ping(self) -> None:
        """Send ``WATCHDOG=1`` if the interval has passed; call as often as you like."""
        if self.interval_s is None or not self._ready:
            return  # pings before READY mean nothing to systemd: the first one follows it
        now = self._clock()
        if now - self._last_ping >= self.interval_s:
            self._last_ping = now
            self._send("WATCHDOG=1")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if self._notifier is not None:
            self._notifier.notify(message)
