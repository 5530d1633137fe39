"""Outputs that remember what they were told, and when: for tests, the bench and a
screen-only kiosk (no GPIO). They satisfy the same protocols as ``drivers.lights``."""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.pacing.signals import Colour


class RecordingLights:
    """Keeps ``(time, "bar", (lit, level))`` and ``(time, "colour", rgb)`` entries."""

    def __init__(self, bar_length: int = 5, clock: Callable[[], float] = time.monotonic) -> None:
        self._bar_length = bar_length
        self._clock = clock
        self.log: list[tuple[float, str, object]] = []
        self.lit = 0
        self.level = 0.0
        self.colour: Colour = (0.0, 0.0, 0.0)

    @property
    def bar_length(self) -> int:
        return self._bar_length

    def set_bar(self, lit: int, level: float = 1.0) -> None:
        self.lit, self.level = lit, level
        self.log.append((self._clock(), "bar", (lit, level)))

    def set_colour(self, rgb: Colour) -> None:
        self.colour = rgb
        self.log.append((self._clock(), "colour", rgb))


class RecordingBeeper:
    """Keeps ``(time, hz or None)`` entries."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.log: list[tuple[float, float | None]] = []
        self.hz: float | None = None

    def tone(self, hz: float | None) -> None:
        self.hz = hz
        self.log.append((self._clock(), hz))
