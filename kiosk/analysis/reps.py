"""Measuring one rep from its stored samples (the analysis definitions).

The live state machine (in ``engine.py``) decides *that* a rep happened, using
the 5 / 15 mm hysteresis on the causal height; this module measures *how* it
went, on the zero-lag smoothed copy of the samples: the 5 mm crossings, the top,
the 10-90 % phase times and the rise / lowering windows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from kiosk.analysis.height import crossing_time


@dataclass(frozen=True, slots=True)
class RepShape:
    start_s: float
    top_s: float
    end_s: float
    peak_mm: float
    up_s: float
    down_s: float
    rise: range  # sample indices of the rise window
    lowering: range  # sample indices of the lowering window
    near_top: range  # samples at or above the ankles-out height
    start_i: int
    end_i: int


def measure(
    times: Sequence[float],
    heights: list[float],
    low_mm: float,
    top_ratio: float = 0.8,
    peak_heights: list[float] | None = None,
    phase_heights: list[float] | None = None,
) -> RepShape | None:
    """Measure the rep whose top is the highest point of ``heights`` (smoothed).

    ``low_mm`` is the 5 mm threshold; ``peak_heights``, when given, is a more
    heavily smoothed copy used for the top and the peak only (noisy sensors);
    ``phase_heights`` one for the phase times only (a very noisy sensor: one
    reading's noise would end a phase early).
    Returns None when the series holds no rise above ``low_mm``.
    """
    n = len(heights)
    if n < 2:
        return None
    peak = max(heights)
    if peak < low_mm:
        return None
    top = heights.index(peak)  # the first highest sample
    if peak_heights is not None:
        ppeak = max(peak_heights)
        if ppeak >= low_mm:
            top, peak = peak_heights.index(ppeak), ppeak
    # 5 mm crossings around the top.
    j = top
    while j > 0 and heights[j - 1] >= low_mm:
        j -= 1
    start_s = (crossing_time(times[j - 1], heights[j - 1], times[j], heights[j], low_mm)
               if j > 0 else times[0])
    k = top
    while k < n - 1 and heights[k + 1] >= low_mm:
        k += 1
    end_s = (crossing_time(times[k], heights[k], times[k + 1], heights[k + 1], low_mm)
             if k < n - 1 else times[-1])
    end_i = min(k + 1, n - 1)

    # Rise / lowering windows: start to first 90 % of the peak, last 90 % to end.
    level = 0.9 * peak
    r = j
    while r < top and heights[r] < level:
        r += 1
    q = k
    while q > top and heights[q] < level:
        q -= 1
    rise = range(j, r + 1)
    lowering = range(q, end_i + 1)
    near_level = top_ratio * peak
    first = j
    while first <= end_i and heights[first] < near_level:
        first += 1
    last = end_i
    while last > first and heights[last] < near_level:
        last -= 1
    near_top = range(first, last + 1) if first <= end_i else range(top, top + 1)

    # Phase times: 10-90 % of the travel from the lowest point before the top.
    if phase_heights is not None:
        heights = phase_heights
    low = min(heights[: top + 1])
    travel = peak - low
    lv10 = low + 0.1 * travel
    lv90 = low + 0.9 * travel
    a = top
    while a > 0 and heights[a - 1] >= lv90:
        a -= 1
    t90_up = _cross_before(times, heights, a, lv90)
    b = a
    while b > 0 and heights[b - 1] >= lv10:
        b -= 1
    t10_up = _cross_before(times, heights, b, lv10)
    up_s = max(0.0, t90_up - t10_up)

    c = top
    while c < n - 1 and heights[c + 1] >= lv90:
        c += 1
    t90_dn = (crossing_time(times[c], heights[c], times[c + 1], heights[c + 1], lv90)
              if c < n - 1 else times[c])
    d = c
    while d < n - 1 and heights[d + 1] > lv10:
        d += 1
    if d < n - 1:
        t10_dn = crossing_time(times[d], heights[d], times[d + 1], heights[d + 1], lv10)
    elif lv10 < low_mm and lv90 > low_mm:
        # The heel is still lowering (e.g. off a step) when the rep must be reported:
        # carry the 90 %-to-5 mm pace on down to the 10 % level.
        t10_dn = t90_dn + (end_s - t90_dn) * (lv90 - lv10) / (lv90 - low_mm)
    else:
        t10_dn = times[-1]
    down_s = max(0.0, t10_dn - t90_dn)
    return RepShape(start_s, times[top], end_s, peak, up_s, down_s, rise, lowering, near_top,
                    j, end_i)


def _cross_before(times: Sequence[float], heights: Sequence[float], i: int, level: float) -> float:
    """Crossing of ``level`` between samples i-1 and i (or sample i's time at the start)."""
    if i == 0:
        return times[0]
    return crossing_time(times[i - 1], heights[i - 1], times[i], heights[i], level)



def top_window(heights: Sequence[float], top: int, level: float) -> range:
    """The samples around ``top`` that stay at or above ``level`` (contiguous)."""
    lo = top
    while lo > 0 and heights[lo - 1] >= level:
        lo -= 1
    hi = top
    while hi < len(heights) - 1 and heights[hi + 1] >= level:
        hi += 1
    return range(lo, hi + 1)


def fitted_peak(
    times: Sequence[float], heights: Sequence[float], window: range, outlier_mm: float = 8.0,
) -> float | None:
    """Height of the vertex of a parabola fitted (least squares) to the samples of
    ``window`` (indices); None when they do not make a top inside it.

    A short rep's top lasts only a few samples: a moving average wide enough to
    calm the noise flattens it, while a fit uses every sample around the top and
    keeps its height. Samples further than ``outlier_mm`` from a first fit (a
    spike) are left out of a second one.
    """
    if len(window) < 5:
        return None
    t0 = 0.5 * (times[window[0]] + times[window[-1]])
    half = max(1e-6, 0.5 * (times[window[-1]] - times[window[0]]))
    step = _quantum(heights, window)
    if step >= MIN_QUANTUM_MM:
        peak = _crossings_peak(times, heights, window, t0, half, step)
        if peak is not None:
            return peak
    points = [((times[i] - t0) / half, heights[i]) for i in window]
    fit = _parabola(points)
    if fit is None:
        return None
    a, b, c = fit
    kept = [(u, h) for u, h in points if abs(h - (a + u * (b + u * c))) <= outlier_mm]
    if len(kept) < len(points):
        fit = _parabola(kept)
        if fit is None:
            return None
        a, b, c = fit
    if c >= 0.0:
        return None  # not a top
    vertex = -b / (2.0 * c)
    if not -1.0 <= vertex <= 1.0:
        return None  # the top is not inside the window: no fit
    return a - b * b / (4.0 * c)


# Readings that only ever differ by multiples of this much or more come from a coarse
# sensor (the ToF's 1 cm mode).
MIN_QUANTUM_MM: Final = 5.0


def _quantum(heights: Sequence[float], window: range) -> float:
    """The step of the readings in ``window``: the greatest common divisor of their
    differences, in whole millimetres (1 for a sensor reporting millimetres)."""
    first = heights[window[0]]
    step = 0
    for i in window:
        step = math.gcd(step, round(abs(heights[i] - first)))
        if step == 1:
            break
    return float(step)


def _crossings_peak(
    times: Sequence[float], heights: Sequence[float], window: range, t0: float, half: float,
    step: float,
) -> float | None:
    """The top of a coarse sensor's readings (``step`` mm apart), or None (too few).

    A reading says only that the heel is within half a step of it, so a top between
    two steps reads as a flat run at the nearer one, and a fit to the readings is off
    by up to half a step. Where the reading changes, the heel was crossing the level
    halfway between the two readings, at about the time halfway between them: a
    parabola through those crossings finds the top from how long the heel stayed
    above each level. The top lies within half a step of the highest reading.
    """
    points = [((0.5 * (times[i] + times[i + 1]) - t0) / half, 0.5 * (heights[i] + heights[i + 1]))
              for i in range(window[0], window[-1]) if heights[i + 1] != heights[i]]
    if len(points) < 6:
        return None
    fit = _parabola(points)
    if fit is None:
        return None
    a, b, c = fit
    if c >= 0.0 or not -1.0 <= -b / (2.0 * c) <= 1.0:
        return None
    highest = max(heights[i] for i in window)
    return min(highest + 0.5 * step, max(highest - 0.5 * step, a - b * b / (4.0 * c)))


def _parabola(points: Sequence[tuple[float, float]]) -> tuple[float, float, float] | None:
    """Least-squares (a, b, c) of h = a + b u + c u^2 through ``points`` (normal equations)."""
    if len(points) < 5:
        return None
    s0 = float(len(points))
    s1 = s2 = s3 = s4 = y0 = y1 = y2 = 0.0
    for u, h in points:
        u2 = u * u
        s1 += u
        s2 += u2
        s3 += u2 * u
        s4 += u2 * u2
        y0 += h
        y1 += h * u
        y2 += h * u2
    det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2)
    if abs(det) < 1e-9:
        return None
    a = (y0 * (s2 * s4 - s3 * s3) - s1 * (y1 * s4 - s3 * y2) + s2 * (y1 * s3 - s2 * y2)) / det
    b = (s0 * (y1 * s4 - y2 * s3) - y0 * (s1 * s4 - s3 * s2) + s2 * (s1 * y2 - y1 * s2)) / det
    c = (s0 * (s2 * y2 - s3 * y1) - s1 * (s1 * y2 - s3 * y0) + y0 * (s1 * s3 - s2 * s2)) / det
    return a, b, c
