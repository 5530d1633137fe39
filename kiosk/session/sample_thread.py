"""The session thread: takes the step's samples off the sampling thread.

The sampling thread only queues each sample (well under a microsecond), so a
slow disk commit never makes it skip one. When no sample comes for
``QUIET_TICK_S`` the thread calls ``on_quiet`` instead, so requests and timers
run even while the strips are silent. Every call is guarded: a fault is logged
once and counted (``SampleFaults``), and the next sample is handled as usual.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from kiosk.analysis.samples import Sample
from kiosk.session.ports import SampleSource
from kiosk.session.sample_faults import SampleFaults

QUIET_TICK_S = 0.1


class SampleThread:
    """Delivers ``step``'s samples to ``on_sample`` on a thread of its own."""

    def __init__(self, step: SampleSource, on_sample: Callable[[Sample], None],
                 on_quiet: Callable[[float], None], on_fault: Callable[[], None],
                 clock: Callable[[], float], log: logging.Logger) -> None:
        self.faults = SampleFaults(log)
        self.last_sample_at = time.monotonic()
        self._step = step
        self._on_sample = on_sample
        self._on_quiet = on_quiet
        self._on_fault = on_fault
        self._clock = clock
        self._queue: queue.SimpleQueue[Sample | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="session", daemon=True)
        self._thread.start()
        self._unsubscribe: Callable[[], None] | None = step.subscribe(self._queue.put)

    def quiet_s(self) -> float:
        """Seconds since the last sample arrived."""
        return time.monotonic() - self.last_sample_at

    def _run(self) -> None:
        while True:
            try:
                sample = self._queue.get(timeout=QUIET_TICK_S)
            except queue.Empty:
                ok = self.faults.guard(self._on_quiet, self._clock())
            else:
                if sample is None:
                    return
                self.last_sample_at = time.monotonic()
                ok = self.faults.guard(self._on_sample, sample)
            if not ok:
                # Show the fault state now: the failed call may not have got that far.
                self.faults.guard(lambda _: self._on_fault(), None)

    def close(self) -> None:
        """Stop listening and end the thread (safe twice)."""
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()
            self._queue.put(None)
            self._thread.join(timeout=5.0)
