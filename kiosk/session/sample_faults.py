"""A fault in the per-sample path: logged once with its traceback, then counted.

At 100-1000 samples a second a bug that raises on every sample would write a
traceback per sample; instead the first is logged in full, later ones are
counted and summed up in one line at most every ``REPORT_EVERY_S``, and the
screens show a fault state (``active``) until samples go through cleanly again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

REPORT_EVERY_S = 60.0
# This many clean calls in a row after a fault: the fault state clears.
CLEAR_AFTER = 100


class SampleFaults:
    """Runs per-sample work, keeping one bad sample from stopping the next."""

    def __init__(self, log: logging.Logger, clock: Callable[[], float] = time.monotonic) -> None:
        self._log = log
        self._clock = clock
        self.count = 0  # faults since start
        self._unreported = 0
        self._last_report = float("-inf")
        self._clean = CLEAR_AFTER

    @property
    def active(self) -> bool:
        """A fault happened recently (fewer than ``CLEAR_AFTER`` clean calls since)."""
        return self._clean < CLEAR_AFTER

    def guard(self, work: Callable[[T], object], arg: T) -> bool:
        """``work(arg)``; an exception is logged once, then counted. False: it failed."""
        try:
            work(arg)
        except Exception:
            self.count += 1
            self._clean = 0
            now = self._clock()
            if self.count == 1:
                self._log.exception("session: a sample could not be handled")
                self._last_report = now
            else:
                self._unreported += 1
                if now - self._last_report >= REPORT_EVERY_S:
                    self._log.error("session: %d more samples failed (%d in all)",
                                    self._unreported, self.count)
                    self._unreported = 0
                    self._last_report = now
            return False
        if self._clean < CLEAR_AFTER:
            self._clean += 1
        return True
