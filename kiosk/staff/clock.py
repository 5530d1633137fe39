"""The system clock, read and set: systemd's timedated on the kiosk, a pretend one
for the simulated step and tests.

Setting the time needs a privilege the kiosk's service user does not have:
``timedatectl set-time`` asks timedated over D-Bus, and polkit allows it only
with the rule the installer puts in ``/etc/polkit-1/rules.d/`` (action
``org.freedesktop.timedate1.set-time``). timedated also refuses while network
time synchronisation is on (the clock would be overwritten anyway).
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

__all__ = ["ClockSetError", "SimulatedClock", "SystemClockPort", "TimedatedClock"]

log = logging.getLogger(__name__)

SYNC_FLAG = Path("/run/systemd/timesync/synchronized")  # systemd-timesyncd's "in sync" file
EARLIEST = datetime(2026, 1, 1)  # the software is newer: an earlier time is a typo
LATEST = datetime(2100, 1, 1)


class ClockSetError(Exception):
    """Setting the clock failed; ``code``: "not_allowed", "ntp_active", "bad_time",
    "no_timedatectl" or "failed"."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


class SystemClockPort(Protocol):
    def now(self) -> datetime: ...
    def synchronised(self) -> bool: ...
    def set_time(self, local: datetime) -> None: ...


def check_plausible(local: datetime) -> None:
    if not EARLIEST <= local.replace(tzinfo=None) < LATEST:
        raise ClockSetError("bad_time", local.isoformat())


class TimedatedClock:
    """The real clock; set with ``timedatectl set-time`` (polkit decides who may)."""

    def __init__(self, run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
                 sync_flag: Path = SYNC_FLAG) -> None:
        self._run = run
        self._sync_flag = sync_flag

    def now(self) -> datetime:
        return datetime.now(UTC)

    def synchronised(self) -> bool:
        return self._sync_flag.exists()

    def set_time(self, local: datetime) -> None:
        """Set the clock; on an offline kiosk whose network time never synchronised,
        network time is switched off first (timedated refuses a hand-set time while it
        is on). A synchronised clock is not overridden."""
        check_plausible(local)
        text = local.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S")
        try:
            self._timedatectl("set-time", text)
        except ClockSetError as exc:
            if exc.code != "ntp_active" or self.synchronised():
                raise
            log.warning("clock: network time never synchronised; switching it off to set "
                        "the time by hand")
            self._timedatectl("set-ntp", "false")
            self._timedatectl("set-time", text)

    def _timedatectl(self, *args: str) -> None:
        try:
            done = self._run(["timedatectl", "--no-ask-password", *args],
                             capture_output=True, text=True, timeout=15, check=False)
        except FileNotFoundError:
            raise ClockSetError("no_timedatectl") from None
        except subprocess.TimeoutExpired:
            raise ClockSetError("failed", "timedatectl did not answer in 15 s") from None
        if done.returncode == 0:
            return
        err = (done.stderr or "").strip()
        lowered = err.lower()
        if "synchronization is enabled" in lowered or "ntp" in lowered:
            raise ClockSetError("ntp_active", err)
        if "access denied" in lowered or "interactive authentication" in lowered \
                or "not authorized" in lowered:
            raise ClockSetError("not_allowed", err)
        raise ClockSetError("failed", err or f"timedatectl exit {done.returncode}")


class SimulatedClock:
    """A clock that can be set without touching the machine's (``--sim``, tests)."""

    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._now = now
        self.offset = timedelta(0)
        self.set_calls: list[datetime] = []

    def now(self) -> datetime:
        return self._now() + self.offset

    def synchronised(self) -> bool:
        return False

    def set_time(self, local: datetime) -> None:
        check_plausible(local)
        self.set_calls.append(local)
        aware = local.astimezone() if local.tzinfo is None else local
        self.offset = aware.astimezone(UTC) - self._now()
