"""Dropouts of the ToF next to fast reps: a heel that was heading down lands during the
dropout (the first reading at rest ends the rep); a rise the dropout hid still counts
when the sensor sees the heel well up after it, and its hidden top is no 'partial'."""

from __future__ import annotations

from synth_analysis import RepSpec, Script, run


def _fast(peak: float = 60.0) -> RepSpec:
    return RepSpec(peak_mm=peak, up_s=0.25, hold_s=0.0, down_s=0.25, rest_s=0.6)


def test_a_heel_heading_down_lands_during_a_dropout():
    # Rep 1 lowers from 3.25 s to 3.5 s; the sensor is blind from 3.4 s to 4.0 s; rep 2
    # rises from 4.1 s.
    script = Script(reps=[_fast(), _fast(), _fast()], rate_hz=100, noise_mm=1.0,
                    dropouts=[(3.4, 0.6)])
    engine, _ = run(script)
    assert len(engine.reps) == 3


def test_a_rise_hidden_by_a_dropout_counts_without_a_partial():
    # Rep 2 rises from 4.1 s to 4.35 s and is down by 4.6 s; the sensor is blind from
    # 4.0 s to 4.44 s, so it sees the heel at about 40 mm and falling, for three readings
    # at 50 Hz above 15 mm: the rise happened, its top is unknown.
    script = Script(reps=[_fast(), _fast(), _fast()], rate_hz=50, noise_mm=1.0,
                    dropouts=[(4.0, 0.44)])
    engine, _ = run(script)
    assert len(engine.reps) == 3
    assert not any("partial" in rep.faults for rep in engine.reps)
