"""Axis ticks and ranges shared by the screen plots and the PDF charts."""

from __future__ import annotations

import math
from collections.abc import Iterable

# A chart by week spans at least the first month: one session's point stands at its start.
LEAST_WEEKS = 4.0


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5, 5 x 10^n apart) covering [low, high], about ``count``."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step - 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def week_range(weeks: Iterable[float], least: float = LEAST_WEEKS,
               pad: float = 0.04) -> tuple[float, float]:
    """The x range of a chart by week since the first session: from week 0 (never before
    it), at least ``least`` weeks wide, and ``pad`` of that wider at each end so a point
    on week 0 or the last week is not drawn on the frame. Label only its whole weeks from
    0 on (``week_ticks``)."""
    last = max((float(w) for w in weeks if math.isfinite(w)), default=0.0)
    high = max(last, least)
    return -pad * high, high * (1 + pad)


def week_ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Whole weeks from 0 within [low, high], about ``count`` of them."""
    return [t for t in nice_ticks(max(low, 0.0), high, count)
            if low <= t <= high and t >= 0 and float(t).is_integer()]
