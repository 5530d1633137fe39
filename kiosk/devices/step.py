"""The step: strip and ToF readings combined into ``Sample`` objects on one clock.

One ``Sample`` per strip sample, made on the strips' sampling thread (so at
``strips.rate_hz``) with the newest ToF reading attached; ``t`` is seconds since
the ``Step`` was made, on the monotonic clock the drivers stamp with.

Mount (config ``tof.mount``): with the sensor ``below`` the heel the raw
distance grows as the heel rises and goes into ``Sample.tof_mm`` unchanged
(the recording format). With the sensor ``above`` the heel the distance
shrinks as it rises, so the step reports ``-distance``: still "bigger is
higher", and the analysis, which measures heights from the zero level
(``height = tof_mm - zero``), needs no other change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drivers.strips import PressureStrips, StripReading
from drivers.tof import HeelHeightSensor, ToFReading, ToFStatus
from kiosk.analysis.samples import Sample

SampleCallback = Callable[[Sample], None]


@dataclass(frozen=True, slots=True)
class StepStatus:
    """Health of the step's sensors, for the installer screen and ``monitor``."""

    tof: ToFStatus
    strips: Literal["starting", "ok", "failed"]

    @property
    def ok(self) -> bool:
        return self.tof == "ok" and self.strips == "ok"


class Step:
    """Combines ``strips`` and ``tof`` into a stream of samples.

    :param strips: the running pressure strips (their thread drives the stream).
    :param tof: the heel-height sensor.
    :param mount: ``"below"`` or ``"above"`` (see the module docstring).
    :param clock: the drivers' monotonic clock.
    """

    def __init__(
        self,
        strips: PressureStrips,
        tof: HeelHeightSensor,
        *,
        mount: str = "below",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if mount not in ("below", "above"):
            raise ValueError(f"ToF mount must be 'below' or 'above', not {mount!r}")
        self.strips = strips
        self.tof = tof
        self.mount = mount
        self.start = clock()
        self._sign = 1 if mount == "below" else -1
        self._subscribers: list[SampleCallback] = []
        self._latest: Sample | None = None
        self._latest_tof: ToFReading = tof.latest()
        self._lock = threading.Lock()
        strips.subscribe(self._on_strips)

    def subscribe(self, callback: SampleCallback) -> Callable[[], None]:
        """Call ``callback(sample)`` for every sample, on the sampling thread.

        Keep it short (hand work to another thread or the UI clock). Returns a
        function that unsubscribes.
        """
        with self._lock:
            self._subscribers = [*self._subscribers, callback]

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers = [c for c in self._subscribers if c is not callback]

        return unsubscribe

    def latest(self) -> Sample | None:
        """The newest sample, or None before the first."""
        return self._latest

    def latest_tof(self) -> ToFReading:
        """The ToF reading that went into the newest sample."""
        return self._latest_tof

    def status(self) -> StepStatus:
        return StepStatus(tof=self.tof.latest().status, strips=self.strips.status)

    def close(self) -> None:
        """Stop delivering samples (the drivers are closed by their owner, ``Hardware``)."""
        self.strips.unsubscribe(self._on_strips)
        self._subscribers = []

    def _on_strips(self, reading: StripReading) -> None:
        tof = self.tof.latest()
        self._latest_tof = tof
        distance = tof.distance_mm
        tof_mm = None if distance is None else float(self._sign * distance)
        sample = Sample(reading.t - self.start, tof_mm, reading.counts)  # type: ignore[arg-type]
        self._latest = sample
        for callback in self._subscribers:
            callback(sample)
