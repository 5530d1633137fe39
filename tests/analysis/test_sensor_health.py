"""Measurement quality: ToF dropouts and noise, the strips' calibration, a simulated device."""

from __future__ import annotations

import math

import pytest

from kiosk.analysis.sensor_health import (
    HealthFigures,
    QualityLimits,
    SensorHealth,
    quality_verdict,
)

LIMITS = QualityLimits(fair_dropout_share=0.02, poor_dropout_share=0.10, fair_noise_mm=1.5,
                       poor_noise_mm=3.0, calibration_max_age_days=180)


def _verdict(dropouts=0.0, noise=0.8, calibration="staff", age=10.0, simulated=False):
    return quality_verdict(HealthFigures(1000, dropouts, noise), calibration=calibration,
                           calibration_age_days=age, simulated=simulated, limits=LIMITS)


def test_a_well_measured_test_is_good():
    assert _verdict().verdict == "good" and _verdict().reasons == ()


@pytest.mark.parametrize(("kwargs", "verdict", "reason"), [
    ({"dropouts": 0.03}, "fair", "tof_dropouts"),
    ({"dropouts": 0.10}, "poor", "tof_dropouts"),
    ({"noise": 1.6}, "fair", "tof_noise"),
    ({"noise": 3.5}, "poor", "tof_noise"),
    ({"calibration": "learned"}, "fair", "strips_not_calibrated"),
    ({"calibration": "none"}, "fair", "strips_not_calibrated"),
    ({"age": 200.0}, "fair", "strips_calibration_old"),
    ({"simulated": True}, "poor", "simulated"),
])
def test_each_problem_gives_its_verdict_and_reason(kwargs, verdict, reason):
    quality = _verdict(**kwargs)
    assert quality.verdict == verdict and quality.reasons == (reason,)


def test_poor_reasons_come_before_fair_ones():
    quality = _verdict(dropouts=0.5, calibration="learned", simulated=True)
    assert quality.verdict == "poor"
    assert quality.reasons == ("tof_dropouts", "simulated", "strips_not_calibrated")


def test_dropouts_are_counted_and_noise_is_the_spread_within_each_rest():
    health = SensorHealth()
    for k in range(100):  # up on the toes: dropouts count, no noise is measured
        health.feed(None if k % 10 == 0 else 150.0, None if k % 10 == 0 else 50.0)
    # Two rests at different levels (a slow drift between reps), each +-1 mm.
    for level in (0.5, 3.0):
        for k in range(50):
            health.feed(100.0, level + (1.0 if k % 2 else -1.0))
        health.feed(150.0, 50.0)  # a rise closes the rest
    figures = health.figures()
    assert figures.samples == 202
    assert figures.tof_dropout_share == pytest.approx(10 / 202)
    assert figures.tof_noise_mm == pytest.approx(1.0, abs=0.03)


def test_too_few_rest_readings_give_no_noise():
    health = SensorHealth()
    for _ in range(5):
        health.feed(100.0, 0.0)
    assert health.figures().tof_noise_mm is None
    assert not math.isnan(health.figures().tof_dropout_share)
