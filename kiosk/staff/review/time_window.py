"""Which stretch of a session's time axis a plot shows: zoom, pan, the exercised part.

A session can stay open long after its last rep (somebody, or a bag, left standing on
the step), so the plot opens on the stretch where the reps and the asked phases are and
the whole session is one tap away. Zooming keeps at least ``MIN_SPAN_S`` in view (the
overview's buckets are ``traces.BUCKET_S`` wide, so that is still a smooth line).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

MIN_SPAN_S = 10.0  # the narrowest view: a rep or two
ZOOM_STEP = 2.0  # one tap on zoom in / out halves / doubles the span
PAN_STEP = 0.5  # one tap on earlier / later moves by half the span
# Open on the exercised stretch only when it is well under the whole session.
ACTIVE_SHARE = 0.6
ACTIVE_PAD_S = 5.0  # seconds shown before the first and after the last rep

# Tick steps a person reads as time: seconds, then minutes, then hours.
TIME_STEPS_S = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)


@dataclass(frozen=True)
class TimeWindow:
    """The visible ``[start, end]`` seconds of a session ``total`` seconds long."""

    start: float
    end: float
    total: float

    @classmethod
    def whole(cls, total: float) -> TimeWindow:
        total = max(float(total), 1.0)
        return cls(0.0, total, total)

    @property
    def span(self) -> float:
        return self.end - self.start

    @property
    def is_whole(self) -> bool:
        return self.start <= 1e-9 and self.end >= self.total - 1e-9

    def showing(self, start: float, end: float) -> TimeWindow:
        """This session's window over ``[start, end]``, kept within the session and at
        least ``MIN_SPAN_S`` wide (or the whole session when that is shorter)."""
        if not (math.isfinite(start) and math.isfinite(end)):
            return self
        span = min(max(end - start, min(MIN_SPAN_S, self.total)), self.total)
        centre = (start + end) / 2
        lo = min(max(centre - span / 2, 0.0), self.total - span)
        return TimeWindow(lo, lo + span, self.total)

    def zoomed(self, factor: float, centre: float | None = None) -> TimeWindow:
        """Span divided by ``factor`` (> 1 zooms in), keeping ``centre`` (default: the
        middle) at the same place on the screen."""
        if factor <= 0 or not math.isfinite(factor):
            return self
        c = (self.start + self.end) / 2 if centre is None else centre
        at = (c - self.start) / self.span if self.span > 0 else 0.5
        span = min(max(self.span / factor, min(MIN_SPAN_S, self.total)), self.total)
        start = c - at * span
        return self.showing(start, start + span)

    def panned(self, fraction: float) -> TimeWindow:
        """Moved by ``fraction`` of the span (negative: earlier)."""
        shift = fraction * self.span
        return self.showing(self.start + shift, self.end + shift)

    def to_whole(self) -> TimeWindow:
        return TimeWindow.whole(self.total)


def opening_window(total: float, busy: Iterable[tuple[float, float]]) -> TimeWindow:
    """The window a session's plot opens on: the stretch from the first to the last of
    ``busy`` (reps, asked phases) padded, when that is under ``ACTIVE_SHARE`` of the
    session; else the whole session."""
    whole = TimeWindow.whole(total)
    spans = [(a, b) for a, b in busy if math.isfinite(a) and math.isfinite(b)]
    if not spans:
        return whole
    lo = max(min(a for a, _b in spans) - ACTIVE_PAD_S, 0.0)
    hi = min(max(b for _a, b in spans) + ACTIVE_PAD_S, whole.total)
    if hi - lo >= ACTIVE_SHARE * whole.total:
        return whole
    return whole.showing(lo, hi)


def time_ticks(low: float, high: float, count: int = 7) -> list[float]:
    """About ``count`` ticks in ``[low, high]`` seconds on whole seconds, minutes or hours
    (0:30, 1:00 ... rather than 1:40, 3:20)."""
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return []
    wanted = span / max(count - 1, 1)
    step = next((s for s in TIME_STEPS_S if s >= wanted), TIME_STEPS_S[-1])
    while span / step > 3 * count:  # a session of days: keep the labels few
        step *= 2
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [k * step for k in range(first, last + 1)]
