"""Heel height survives sensor noise, spikes, dropouts and drift."""

from __future__ import annotations

import statistics

import pytest
from synth_analysis import RepSpec, Script, run


def _reps(n=8):
    return [RepSpec(peak_mm=50 + 5 * (i % 4), up_s=1.2, hold_s=0.6, down_s=1.6, rest_s=1.0)
            for i in range(n)]


@pytest.mark.parametrize("rate", [50, 100, 200, 1000])
def test_noise_of_7_mm_with_spikes(rate):
    script = Script(reps=_reps(), rate_hz=rate, jitter=0.2, noise_mm=7.0, spike_rate=0.01,
                    seed=rate)
    engine, _ = run(script)
    assert len(engine.reps) == len(script.reps)
    errors = [abs(r.peak_mm - s.peak_mm) for r, s in zip(engine.reps, script.reps, strict=True)]
    assert statistics.median(errors) <= 2.0


def test_dropouts_of_300_ms_anywhere_in_a_rep():
    reps = _reps(6)
    # One dropout in each phase: rest before, rise, hold, lowering, at the 5 mm crossing.
    dropouts = [(2.0, 0.3), (3.5, 0.3), (8.6, 0.3), (12.0, 0.3), (15.3, 0.3), (20.0, 0.3)]
    script = Script(reps=reps, noise_mm=2.0, dropouts=dropouts)
    engine, _ = run(script)
    assert len(engine.reps) == 6


def test_slow_drift_is_followed():
    # 6 mm a minute over a 3-minute set: without drift tracking the rest level
    # would end up above the 5 mm threshold and reps would merge.
    reps = [RepSpec(peak_mm=40, rest_s=4.0) for _ in range(20)]
    script = Script(reps=reps, noise_mm=2.0, drift_mm_per_min=6.0)
    engine, _ = run(script)
    assert len(engine.reps) == 20
    assert engine.reps[-1].peak_mm == pytest.approx(40, abs=3)


def test_mount_above_measures_the_same():
    script = Script(reps=_reps(4), noise_mm=1.0, mount="above", offset_mm=300)
    engine, _ = run(script)
    assert [round(r.peak_mm) for r in engine.reps] == [50, 55, 60, 65]
