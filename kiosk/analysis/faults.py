"""Form faults of one rep (the analysis definitions), from its stored samples.

``partial`` and ``too_fast`` compare the rep's numbers with the target and the
tempo; ``ankles_out`` and ``heels_in`` look for a long enough run of samples in
which a loaded foot's forefoot share passes its threshold.
"""

from __future__ import annotations

from kiosk.config import AnalysisConfig
from kiosk.programme import Tempo

# A rep's strip counts as six columns (one per strip, in recording order).
Columns = list[list[float]]


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
    times: list[float],
    cols: Columns,
    indices: range,
    foot: int,
    medial: bool,
    threshold: float,
    min_forefoot: float,
) -> float:
    """Longest time one foot's forefoot share stays above ``threshold``."""
    toe_col = cols[0 if foot == 0 else 3]
    lat_col = cols[1 if foot == 0 else 4]
    best = 0.0
    start = -1  # first sample of the run under way (-1: none)
    for i in range(indices.start, indices.stop):  # (a native loop when compiled)
        toe = toe_col[i]
        fore = toe + lat_col[i]
        # A foot counts only while its forefoot carries load (an unloaded strip is noise).
        if fore >= min_forefoot and (toe if medial else lat_col[i]) > threshold * fore:
            if start < 0:
                start = i
        elif start >= 0:
            best = max(best, times[i - 1] - times[start])
            start = -1
    if start >= 0:
        best = max(best, times[indices.stop - 1] - times[start])
    return best


def ankles_out(
    times: list[float], cols: Columns, top_indices: range, settings: AnalysisConfig
) -> bool:
    """Lateral forefoot share above the limit for long enough near the top."""
    return any(
        _longest_run(times, cols, top_indices, foot, False, settings.ankles_out_share,
                     settings.forefoot_min_counts)
        >= settings.ankles_out_min_s
        for foot in (0, 1)
    )


def heels_in(
    times: list[float], cols: Columns, lowering: range, settings: AnalysisConfig
) -> bool:
    """Medial forefoot share above the limit for long enough while lowering."""
    return any(
        _longest_run(times, cols, lowering, foot, True, settings.heels_in_share,
                     settings.forefoot_min_counts)
        >= settings.heels_in_min_s
        for foot in (0, 1)
    )
