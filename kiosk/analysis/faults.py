"""Form faults of one rep (the analysis definitions), from its stored samples.

``partial`` and ``too_fast`` compare the rep's numbers with the target and the
tempo; ``ankles_out`` and ``heels_in`` look for a long enough run of samples in
which a loaded foot's forefoot share passes its threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import add, and_, gt, le, mul

from kiosk.config import AnalysisConfig
from kiosk.programme import Tempo

# A rep's strip counts as six columns (one per strip, in recording order).
Columns = Sequence[Sequence[float]]


def partial(peak_mm: float, reference_mm: float | None, settings: AnalysisConfig) -> bool:
    """Peak below ``partial_ratio`` of the target (or of the recording's median peak)."""
    return reference_mm is not None and peak_mm < settings.partial_ratio * reference_mm


def too_fast(up_s: float, down_s: float, tempo: Tempo | None, settings: AnalysisConfig) -> bool:
    """A phase far quicker than the tempo asked for."""
    if tempo is None:
        return False
    ratio = settings.too_fast_ratio
    return up_s < ratio * tempo.up_s or down_s < ratio * tempo.down_s


def _longest_run(
    times: Sequence[float],
    cols: Columns,
    indices: range,
    foot: int,
    medial: bool,
    threshold: float,
    min_forefoot: float,
) -> float:
    """Longest time one foot's forefoot share stays above ``threshold``."""
    lo, hi = indices.start, indices.stop
    if hi <= lo:
        return 0.0
    toe_col = cols[0 if foot == 0 else 3][lo:hi]
    lat_col = cols[1 if foot == 0 else 4][lo:hi]
    fore = list(map(add, toe_col, lat_col))
    # A foot counts only while its forefoot carries load (an unloaded strip is noise).
    # The per-sample test, as whole columns (in C): fore >= min and part > threshold * fore.
    over = list(map(and_, map(le, repeat(min_forefoot), fore),
                    map(gt, toe_col if medial else lat_col, map(mul, repeat(threshold), fore))))
    best = 0.0
    start = _find(over, True, 0)
    while start >= 0:
        end = _find(over, False, start)
        if end < 0:
            end = len(over)
        best = max(best, times[lo + end - 1] - times[lo + start])
        start = _find(over, True, end)
    return best


def _find(flags: list[bool], value: bool, start: int) -> int:
    """Index of the first ``value`` at or after ``start``, or -1."""
    try:
        return flags.index(value, start)
    except ValueError:
        return -1


def ankles_out(
    times: Sequence[float], cols: Columns, top_indices: range, settings: AnalysisConfig
) -> bool:
    """Lateral forefoot share above the limit for long enough near the top."""
    return any(
        _longest_run(times, cols, top_indices, foot, False, settings.ankles_out_share,
                     settings.forefoot_min_counts)
        >= settings.ankles_out_min_s
        for foot in (0, 1)
    )


def heels_in(
    times: Sequence[float], cols: Columns, lowering: range, settings: AnalysisConfig
) -> bool:
    """Medial forefoot share above the limit for long enough while lowering."""
    return any(
        _longest_run(times, cols, lowering, foot, True, settings.heels_in_share,
                     settings.forefoot_min_counts)
        >= settings.heels_in_min_s
        for foot in (0, 1)
    )
