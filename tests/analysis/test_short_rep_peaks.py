"""Short reps on noisy or coarse sensors keep their peak (and so raise no false partial)."""

from __future__ import annotations

import statistics

import pytest
from synth_analysis import RepSpec, Script, run

from kiosk.analysis.reps import fitted_peak, top_window


@pytest.mark.parametrize("rate", [50, 100])
@pytest.mark.parametrize(("noise", "resolution"), [(3.0, 1.0), (1.0, 10.0)])
def test_short_reps_keep_their_peak(rate, noise, resolution):
    peaks = [70.0, 74.0, 78.0, 72.0, 76.0, 71.0, 77.0, 73.0, 75.0, 79.0]
    reps = [RepSpec(peak_mm=p, up_s=0.27, hold_s=0.0, down_s=0.27, rest_s=0.8) for p in peaks]
    script = Script(reps=reps, rate_hz=rate, noise_mm=noise, resolution_mm=resolution,
                    jitter=0.2, seed=rate + int(resolution))
    engine, _ = run(script)
    assert len(engine.reps) == len(reps)
    errors = [abs(r.peak_mm - p) for r, p in zip(engine.reps, peaks, strict=True)]
    assert statistics.median(errors) <= 2.0
    assert max(errors) <= 6.0
    assert not any("partial" in r.faults for r in engine.reps)


def test_a_parabola_is_fitted_exactly_and_a_spike_left_out():
    times = [k * 0.01 for k in range(21)]
    heights = [80.0 - 2000.0 * (t - 0.104) ** 2 for t in times]
    window = top_window(heights, 10, 60.0)
    assert fitted_peak(times, heights, window) == pytest.approx(80.0)
    heights[9] += 30.0  # a spike next to the top
    assert fitted_peak(times, heights, window) == pytest.approx(80.0)


def test_no_top_no_fit():
    times = [k * 0.01 for k in range(20)]
    rising = [float(k) for k in range(20)]
    assert fitted_peak(times, rising, range(0, 20)) is None
    assert fitted_peak(times, rising, range(0, 3)) is None


def test_a_coarse_sensors_top_between_two_steps_is_found():
    # A top at 74 mm read in 1 cm steps: a flat run at 70 mm. The crossings of the
    # levels between the steps place it; a fit to the readings would say about 70.
    times = [k * 0.01 for k in range(41)]
    truth = [74.0 - 6000.0 * (t - 0.2) ** 2 for t in times]
    readings = [10.0 * round(h / 10.0) for h in truth]
    window = top_window(readings, 20, 40.0)
    assert fitted_peak(times, readings, window) == pytest.approx(74.0, abs=1.5)
