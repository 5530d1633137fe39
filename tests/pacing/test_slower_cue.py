"""A patient who rushes gets "slower" on the screen, in amber on the RGB LED and a low tone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("mode", ["adaptive", "lead"])
def test_reaching_the_top_too_early_asks_for_slower(step, fast, script, mode):
    pacer = step.start(fast(reps=2), mode=mode, countdown_step_s=0.2)
    # The asked top is at 1.0; this patient is there at 0.75 (more than half the rise early).
    heel = script((0.0, 0.0, "rest"), (0.6, 20.0, "rise"), (0.75, 40.0, "hold"))
    step.run(0.8, heel=heel)
    assert pacer.snapshot().cue_kind == "slower"
    step.run(0.2, heel=heel)
    # Red leg: countdown, off for the green rise, on in amber at 0.75 (then white at the top).
    step.assert_pin(16, 0.0, [(0.0, 1.0), (0.6, 0.0), (0.75, 1.0)])
    step.assert_pin(20, 0.0, [(0.0, 1.0), (0.75, 0.4)])
    assert (0.75, 330.0) in step.tones()
    assert pacer.resyncs == 0


def test_on_time_patient_gets_no_cue(step, fast):
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    step.run(2.5, heel=step.follower())
    assert pacer.snapshot().cue_kind is None
    assert pacer.resyncs == 0
    assert not [hz for _, hz in step.tones() if hz == 330.0]
