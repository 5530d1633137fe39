"""Runs a ``Pacer`` on its own thread against the monotonic clock.

The loop sleeps until the pacer's next change (an absolute time, never "sleep
one period") and wakes early when an analysis event moves the schedule. Waits
use ``Condition.wait(timeout)``, which on Linux sleeps on CLOCK_MONOTONIC with
sub-millisecond precision; the last ``spin_s`` before a change are spent
yielding in a short loop so a late wake-up from the kernel costs at most that.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable

from kiosk.pacing.pacer import Pacer

# Low among real-time priorities: above every normal thread, below kernel helpers.
RT_PRIORITY = 10


class PacerLoop:
    """Drive ``pacer`` in a daemon thread until ``close()``.

    :param spin_s: how long before a change to stop sleeping and yield-poll the clock.
    :param realtime: ask Linux for SCHED_FIFO on this thread (needs CAP_SYS_NICE, e.g.
        ``AmbientCapabilities=CAP_SYS_NICE`` in the systemd unit); without it the loop
        runs at normal priority and ``health()`` says so.
    :param switch_interval_s: if given, set Python's GIL switch interval (process-wide!)
        so a waking pacer gets the GIL within this long instead of the default 5 ms.
    """

    def __init__(
        self,
        pacer: Pacer,
        clock: Callable[[], float] = time.monotonic,
        spin_s: float = 0.001,
        realtime: bool = True,
        switch_interval_s: float | None = None,
    ) -> None:
        self.pacer = pacer
        self._clock = clock
        self._spin_s = spin_s
        self._stop = False
        self._want_realtime = realtime
        self.realtime = False
        if switch_interval_s is not None:
            sys.setswitchinterval(switch_interval_s)
        self.wakeups = 0
        self.late_max_s = 0.0  # worst wake-up after a due change, for health()
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="pacer", daemon=True)
        self._thread.start()

    def _raise_priority(self) -> None:
        try:
            os.sched_setscheduler(
                threading.get_native_id(), os.SCHED_FIFO, os.sched_param(RT_PRIORITY)
            )
            self.realtime = True
        except (AttributeError, OSError):  # not Linux, or no CAP_SYS_NICE: normal priority
            self.realtime = False

    def _run(self) -> None:
        if self._want_realtime:
            self._raise_priority()
        cond = self.pacer.changed
        try:
            while True:
                with cond:
                    if self._stop:
                        return
                    now = self._clock()
                    self.pacer.update(now)
                    due = self.pacer.next_change(now)
                    version = self.pacer.version
                    # Sleep until shortly before the change, or until an event arrives.
                    while not self._stop and self.pacer.version == version:
                        left = (due - self._clock()) if due is not None else None
                        if left is not None and left <= self._spin_s:
                            break
                        cond.wait(None if left is None else left - self._spin_s)
                    if self.pacer.version != version or self._stop or due is None:
                        continue
                # Outside the lock: the last fraction of a millisecond, yielding.
                while self._clock() < due:
                    time.sleep(0)
                self.wakeups += 1
                self.late_max_s = max(self.late_max_s, self._clock() - due)
        except Exception as exc:  # the kiosk must see a dead metronome, not lose it silently
            self.error = f"{type(exc).__name__}: {exc}"
            raise

    def health(self) -> dict[str, object]:
        return {
            "status": "ok" if self._thread.is_alive() else "stopped",
            "realtime": self.realtime,
            "wakeups": self.wakeups,
            "late_max_ms": round(self.late_max_s * 1000, 3),
            "error": self.error,
        }

    def close(self) -> None:
        """Stop the thread (the pacer keeps its state); safe to call twice."""
        with self.pacer.changed:
            self._stop = True
            self.pacer.changed.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def __enter__(self) -> PacerLoop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
