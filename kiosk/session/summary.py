"""The end-of-session summary, built from the reps that were committed. Pure, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from statistics import fmean

from kiosk.analysis.heel_rise_test import HeelRiseResult
from kiosk.analysis.symmetry import limb_symmetry
from kiosk.session.view import RepView, SessionSummary


def build_summary(
    session_id: str,
    status: str,
    reps: Sequence[RepView],
    sets_done: int,
    duration_s: float,
    previous: tuple[int, float | None] | None = None,
    saved: bool = False,
) -> SessionSummary:
    """Summarise a session.

    :param reps: every counted rep, in order (the same ones stored).
    :param previous: the patient's previous session as (reps, average peak mm), if any.
    """
    peaks = [r.peak_mm for r in reps]
    symmetry = limb_symmetry(reps)
    faults = Counter(f for r in reps for f in r.faults)
    return SessionSummary(
        session_id=session_id,
        status=status,
        reps=len(reps),
        sets_done=sets_done,
        best_mm=round(max(peaks), 1) if peaks else None,
        average_mm=round(fmean(peaks), 1) if peaks else None,
        symmetry_pct=round(symmetry, 1) if symmetry is not None else None,
        faults=dict(faults),
        previous_reps=previous[0] if previous else None,
        previous_average_mm=previous[1] if previous else None,
        duration_s=round(duration_s, 1),
        saved=saved,
    )


def with_heel_rise_result(summary: SessionSummary, result: HeelRiseResult) -> SessionSummary:
    """The summary with the heel-rise test's reps to fatigue, work and travel."""
    return replace(
        summary,
        test_reps=result.reps,
        work_j=round(result.work_j, 1) if result.work_j is not None else None,
        travel_m=round(result.total_travel_m, 3),
        test_ended_by=result.ended_by,
    )
