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


def test_a_spike_beyond_any_heel_rise_after_a_dropout_is_no_rep():
    from kiosk.analysis.engine import MovementEngine

    engine = MovementEngine()
    strips = (300, 250, 400, 300, 250, 400)
    t = 0.0
    for k in range(300):  # 3 s still at the zero level (1 mm steps of noise)
        engine.feed_values(t, 60.0 + k % 2, strips)
        t += 0.01
    t += 0.2  # a dropout
    engine.feed_values(t, 244.0, strips)  # then one reading 184 mm up: no heel rises so
    for _ in range(100):
        t += 0.01
        engine.feed_values(t, 61.0, strips)
    engine.finish()
    assert engine.reps == []
