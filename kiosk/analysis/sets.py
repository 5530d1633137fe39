"""Per-set metrics from the set's reps: count, heights, symmetry, fatigue, faults."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.analysis.events import FAULTS, Rep
from kiosk.analysis.symmetry import limb_symmetry, two_foot_left_share


@dataclass(frozen=True, slots=True)
class SetMetrics:
    """Summary of one set.

    ``fatigue_mm_per_rep``: slope of the least-squares line through the peaks
    (negative when the heel rises less as the set goes on); 0 below 2 reps.
    ``left_share``: mean of the reps' left-foot shares; ``lsi`` the limb
    symmetry index of those mean loads (100 = even).
    """

    count: int = 0
    best_peak_mm: float = 0.0
    mean_peak_mm: float = 0.0
    fatigue_mm_per_rep: float = 0.0
    time_under_tension_s: float = 0.0
    left_share: float | None = None
    lsi: float | None = None
    fault_counts: dict[str, int] = field(default_factory=dict)


def fatigue_slope(peaks: Sequence[float]) -> float:
    """Least-squares slope of peak height against rep number (mm per rep)."""
    n = len(peaks)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(peaks) / n
    sxx = sum((i - mean_x) ** 2 for i in range(n))
    sxy = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(peaks))
    return sxy / sxx


def set_metrics(reps: Sequence[Rep]) -> SetMetrics:
    """Metrics of one set of reps (an empty set gives zeros)."""
    faults = {kind: 0 for kind in FAULTS}
    for rep in reps:
        for kind in rep.faults:
            faults[kind] = faults.get(kind, 0) + 1
    if not reps:
        return SetMetrics(fault_counts=faults)
    peaks = [r.peak_mm for r in reps]
    left = two_foot_left_share(reps)
    lsi = limb_symmetry(reps)
    return SetMetrics(
        count=len(reps),
        best_peak_mm=max(peaks),
        mean_peak_mm=statistics.fmean(peaks),
        fatigue_mm_per_rep=fatigue_slope(peaks),
        time_under_tension_s=sum(r.tut_s for r in reps),
        left_share=left,
        lsi=lsi,
        fault_counts=faults,
    )
