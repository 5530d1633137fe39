"""The standard heel-rise test: when it ends and what it reports."""

from __future__ import annotations

import pytest

from kiosk.analysis.events import Rep
from kiosk.analysis.heel_rise_test import HeelRiseRules, HeelRiseTest, score_reps


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


def test_low_height_is_judged_against_the_first_reps_not_the_best():
    # First reps 60 mm (half: 30); one 100 mm rep later must not raise the bar to 50.
    result = score_reps(_reps([60, 60, 60, 100, 40, 40, 40]), body_mass_kg=70)
    assert result.ended_by == "stopped" and result.reps == 7
    assert result.reference_peak_mm == 60
    ended = score_reps(_reps([60, 60, 60, 100, 28, 28]), body_mass_kg=70)
    assert ended.ended_by == "low_height" and ended.reps == 4


def test_the_fraction_and_the_first_reps_come_from_the_rules():
    rules = HeelRiseRules(first_reps=1, low_fraction=0.8, low_reps_to_end=1)
    result = score_reps(_reps([90, 80, 70]), body_mass_kg=None, rules=rules)
    assert result.ended_by == "low_height" and result.reps == 2  # 70 < 0.8 x 90


def _rests(test, loads, start=0.0, rest_s=0.3, rate=100):
    """Heels-down stretches at the given loads, each followed by a rise (heel up)."""
    t = start
    for load in loads:
        for _ in range(int(rest_s * rate)):
            if test.load(t, load, 0.5):
                return t
            t += 1 / rate
        for _ in range(int(1.5 * rate)):
            if test.load(t, load * 0.9, 60.0):  # on tiptoe: not compared
                return t
            t += 1 / rate
    return None


def test_hands_taking_weight_in_two_rests_in_a_row_end_it():
    test = HeelRiseTest(70, rules=HeelRiseRules(support_margin=0.1, support_rests=2),
                        standing_load=1000.0)
    assert _rests(test, [990, 1010, 850]) is None  # one supported rest alone
    assert _rests(test, [850], start=10.0) is not None
    assert test.ended_by == "off_step_support"
    assert test.result().lowest_load_pct == pytest.approx(85.0)


def test_fingertip_support_and_a_supported_rest_between_good_ones_do_not_end_it():
    test = HeelRiseTest(70, standing_load=1000.0)
    assert _rests(test, [950, 930, 850, 960, 850, 990, 920]) is None
    assert not test.finished
    assert test.result().lowest_load_pct == pytest.approx(85.0)


def test_a_landing_jolt_does_not_hide_support():
    test = HeelRiseTest(70, standing_load=1000.0)
    t = 0.0
    for _ in range(2):
        for k in range(30):  # a jolt at the landing, then 800 (hands on the rail)
            test.load(t, 1500.0 if k < 10 else 800.0, 0.5)  # mean 1033: above
            t += 0.01
        test.load(t, 700.0, 50.0)
        t += 1.0
    assert test.ended_by == "off_step_support"


def test_standing_on_the_hands_ends_it_after_the_hold():
    test = HeelRiseTest(70, rules=HeelRiseRules(support_hold_s=1.0), standing_load=1000.0)
    t = 0.0
    while not test.load(t, 700.0, 0.0):
        t += 0.01
        assert t < 1.2
    assert test.ended_by == "off_step_support" and t >= 1.0


def test_without_a_countdown_the_standing_load_is_the_first_half_second_heels_down():
    test = HeelRiseTest(70)
    for k in range(60):
        test.load(k * 0.01, 1000.0, 0.0)
    assert test.standing_load == pytest.approx(1000.0)


def test_result_reports_the_pace_kept():
    result = score_reps(_reps([90, 90, 90, 90], period=2.1), body_mass_kg=70)
    assert result.kept_pace_bpm == pytest.approx(120 / 2.1)
    assert result.lowest_load_pct is None  # no load was fed
