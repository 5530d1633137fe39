"""The heel-height plot's y range, robust to spikes.

A ToF sensor now and then reads far past the heel for a moment (a hand, the room, a
reflection); the median of three in ``traces`` removes one-sample spikes, not longer
ones. Scaling the plot to the highest value would squash every rep into the bottom
strip, so the range comes from a high percentile of the trace and the reps' peaks
(a rep peak far above the others is a spike too), and the plot clips what lies
outside it at the edge and marks it with its value.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence

from kiosk.staff.review.axes import nice_ticks

HIGH_PERCENTILE = 0.99  # of the overview's per-bucket highs
LOW_PERCENTILE = 0.01  # of its per-bucket lows
OUTLIER_PEAK = 1.5  # a rep peaking above this many times the median peak is a spike
LEAST_TOP_MM = 20.0  # a flat trace still gets a readable axis
LEAST_BOTTOM_MM = -10.0  # zero always shows, with a little room under it
MARGIN = 0.1  # of the range, above the top and below the bottom


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0..1) of the finite values (NaN for none)."""
    finite = sorted(v for v in values if math.isfinite(v))
    if not finite:
        return math.nan
    return finite[min(max(math.ceil(q * len(finite)) - 1, 0), len(finite) - 1)]


def height_range(highs: Sequence[float], lows: Sequence[float], peaks: Iterable[float],
                 marks: Iterable[float | None] = ()) -> tuple[float, float]:
    """(bottom, top) in mm for a heel-height plot, on whole ticks (``nice_ticks``).

    :param highs: / lows: the overview's per-bucket max / min heights (NaN: no value).
    :param peaks: the stored reps' peak heights.
    :param marks: heights that must show (target, step level; None is skipped).
    """
    good_peaks = [p for p in peaks if math.isfinite(p)]
    if good_peaks:
        typical = statistics.median(good_peaks)
        limit = OUTLIER_PEAK * typical if typical > 0 else math.inf
        good_peaks = [p for p in good_peaks if p <= limit]
    wanted = [m for m in marks if m is not None and math.isfinite(m)]
    top = max([percentile(highs, HIGH_PERCENTILE), *good_peaks, *wanted, LEAST_TOP_MM],
              key=lambda v: v if math.isfinite(v) else -math.inf)
    bottom = min([percentile(lows, LOW_PERCENTILE), *wanted, LEAST_BOTTOM_MM],
                 key=lambda v: v if math.isfinite(v) else math.inf)
    room = MARGIN * (top - bottom)
    # Out to whole ticks, so the lowest and highest gridlines are labelled.
    ticks = nice_ticks(bottom - room, top + room, 5)
    return ticks[0], ticks[-1]
