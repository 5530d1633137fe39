"""Set metrics: counts, heights, fatigue slope, symmetry, time under tension, faults."""

from __future__ import annotations

import pytest

from kiosk.analysis.events import Rep
from kiosk.analysis.sets import fatigue_slope, set_metrics


def _rep(n, peak, left=0.5, faults=()):
    return Rep(n, 0.0, 1.0, 2.5, peak, 0.8, 1.0, "both", tuple(faults), left_share=left,
               tut_s=2.5)


def test_fatigue_slope_is_the_least_squares_line():
    assert fatigue_slope([80, 78, 76, 74]) == pytest.approx(-2.0)
    assert fatigue_slope([50]) == 0.0


def test_metrics_of_a_set():
    reps = [_rep(1, 80, 0.6), _rep(2, 70, 0.6, ["partial"]), _rep(3, 60, 0.6, ["partial"])]
    m = set_metrics(reps)
    assert m.count == 3
    assert m.best_peak_mm == 80 and m.mean_peak_mm == pytest.approx(70)
    assert m.fatigue_mm_per_rep == pytest.approx(-10)
    assert m.time_under_tension_s == pytest.approx(7.5)
    assert m.left_share == pytest.approx(0.6)
    assert m.lsi == pytest.approx(100 * 0.4 / 0.6)
    assert m.fault_counts["partial"] == 2 and m.fault_counts["heels_in"] == 0


def test_empty_set():
    assert set_metrics([]).count == 0
