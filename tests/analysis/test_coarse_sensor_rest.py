"""A 1 cm sensor: its drifted rest may read one step (10 mm) above the zero, and the
zero must follow it, or the heel never comes back below 5 mm and reps run together."""

from __future__ import annotations

import statistics

import pytest
from synth_analysis import RepSpec, Script, run


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_drifting_1_cm_sensor_keeps_every_rep_apart(seed):
    reps = [RepSpec(peak_mm=80.0, up_s=1.5, hold_s=0.5, down_s=2.0, rest_s=2.0)
            for _ in range(15)]
    script = Script(reps=reps, rate_hz=50, noise_mm=3.0, resolution_mm=10.0,
                    drift_mm_per_min=8.0, seed=seed)
    engine, _ = run(script)
    assert len(engine.reps) == 15
    assert statistics.median(abs(r.peak_mm - 80.0) for r in engine.reps) <= 4.0
