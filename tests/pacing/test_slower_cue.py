"""A patient who rushes gets "slower" on the screen, in amber on the RGB LED and a low tone:
a rise or lowering in under ``too_fast_ratio`` of its asked time, the rule of the rep's
``too_fast`` fault (so the live cue and the summary agree)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("mode", ["adaptive", "lead"])
def test_reaching_the_top_too_early_asks_for_slower(step, fast, script, mode):
    pacer = step.start(fast(reps=2), mode=mode, countdown_step_s=0.2)
    # The asked rise takes 0.4 s; this patient rises in 0.1 s (under 0.3 x 0.4 s).
    heel = script((0.0, 0.0, "rest"), (0.65, 20.0, "rise"), (0.75, 40.0, "hold"))
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


def test_ahead_of_the_lights_but_not_too_fast_gets_no_cue(step, fast, script):
    """Early but at a pace the rep's fault accepts: no "slower" (it once said so on every
    such rep while the summary showed no too-fast rep)."""
    pacer = step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    # Rises from 0.45 to 0.65 (0.2 s: half the asked 0.4 s), well before the asked top.
    heel = script((0.0, 0.0, "rest"), (0.45, 20.0, "rise"), (0.65, 40.0, "hold"))
    step.run(0.9, heel=heel)
    assert pacer.snapshot().cue_kind is None
    assert not [hz for _, hz in step.tones() if hz == 330.0]


def test_a_lowering_too_fast_asks_for_slower(step, fast, script):
    pacer = step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    heel = script((0.0, 0.0, "rest"), (0.6, 20.0, "rise"), (1.0, 40.0, "hold"),
                  (1.2, 30.0, "lower"), (1.25, 0.0, "rest"))
    step.run(1.3, heel=heel)
    assert pacer.snapshot().cue_kind == "slower"
