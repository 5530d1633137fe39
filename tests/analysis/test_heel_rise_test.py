"""The standard heel-rise test: when it ends and what it reports."""

from __future__ import annotations

import pytest

from kiosk.analysis.events import Rep
from kiosk.analysis.heel_rise_test import HeelRiseTest, score_reps


def _reps(peaks, period=2.0):
    return [Rep(i + 1, i * period, i * period + 0.9, i * period + 1.8, p, 0.7, 0.7, "left")
            for i, p in enumerate(peaks)]


def test_ends_after_two_reps_below_half_the_best():
    peaks = [90, 92, 88, 60, 44, 50, 40, 30]
    result = score_reps(_reps(peaks), body_mass_kg=70)
    # 44 is below 46 (half of 92) but alone; 50 counts again; 40 and 30 end it.
    assert result.ended_by == "low_height"
    assert result.reps == 5
    assert result.best_peak_mm == 92
    counted = [90, 92, 88, 60, 50]
    assert result.total_travel_m == pytest.approx(2 * sum(counted) / 1000)
    assert result.work_j == pytest.approx(70 * 9.81 * sum(counted) / 1000)


def test_one_low_rep_does_not_end_it():
    result = score_reps(_reps([90, 40, 90, 90]), body_mass_kg=70)
    assert result.reps == 3
    assert result.ended_by == "stopped"


def test_two_missed_beats_end_it():
    test = HeelRiseTest(body_mass_kg=80)
    for rep in _reps([90, 90, 90]):
        assert not test.add_rep(rep)
    assert not test.tick(4.0 + 3.9)
    assert test.tick(4.0 + 4.1)
    assert test.result().ended_by == "missed_beats"
    assert test.result().reps == 3
