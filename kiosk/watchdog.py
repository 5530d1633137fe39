"""systemd readiness and watchdog pings (``Type=notify`` + ``WatchdogSec=``).

The UI calls ``ready()`` once its first frame is up and ``ping()`` from the Kivy
clock, so a frozen UI stops pinging and systemd restarts the kiosk. Outside
systemd (no ``$NOTIFY_SOCKET``) every call is a cheap no-op.
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
        self._notifier = sdnotify.SystemdNotifier() if self._enabled else None
        usec = os.environ.get("WATCHDOG_USEC", "")
        # Ping at a third of the watchdog period: under half, with room for a slow frame.
        self.interval_s = int(usec) / 3e6 if usec.isdigit() and int(usec) > 0 else None
        self._last_ping = float("-inf")

    @property
    def enabled(self) -> bool:
        return self._enabled

    def ready(self, status: str = "running") -> None:
        self._send(f"READY=1\nSTATUS={status}")

    def ping(self) -> None:
        """Send ``WATCHDOG=1`` if the interval has passed; call as often as you like."""
        if self.interval_s is None:
            return
        now = self._clock()
        if now - self._last_ping >= self.interval_s:
            self._last_ping = now
            self._send("WATCHDOG=1")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if self._notifier is not None:
            self._notifier.notify(message)
