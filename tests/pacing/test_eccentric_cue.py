"""Eccentric single-leg: at the top, "lift one foot now" in magenta with a two-tone call."""

from __future__ import annotations

import pytest

from kiosk.programme import Tempo

TEMPO = Tempo(0.4, 0.6, 0.4, 0.2)  # a hold long enough for the whole call


@pytest.mark.parametrize(
    ("variant", "cue"), [("ecc_left", "lift_right"), ("ecc_right", "lift_left")]
)
def test_top_of_an_eccentric_rep_calls_for_the_other_foot_to_lift(step, fast, variant, cue):
    programme = fast(reps=1, variant=variant, tempo=TEMPO)
    pacer = step.start(programme, mode="lead", countdown_step_s=0.2)
    step.run(1.1)
    assert pacer.snapshot().cue_kind == cue
    step.run(0.6)  # to 1.7, into the lowering
    assert pacer.snapshot().cue_kind is None
    # Magenta (red + blue) through the hold (1.0..1.6), then the lowering's blue.
    step.assert_pin(16, 0.0, [(0.0, 1.0), (0.6, 0.0), (1.0, 1.0), (1.6, 0.0)])
    step.assert_pin(20, 0.0, [(0.0, 1.0), (1.0, 0.0)])
    step.assert_pin(21, 0.0, [(1.0, 1.0)])
    tops = [hz for t, hz in step.tones() if 1.0 <= t < 1.5 and hz]
    assert tops == [1760.0, 2349.0, 1760.0, 2349.0]


def test_two_footed_reps_have_no_lift_cue(step, fast):
    programme = fast(reps=1, variant="both", tempo=TEMPO)
    pacer = step.start(programme, mode="lead", countdown_step_s=0.2)
    step.run(1.1)
    assert pacer.snapshot().cue_kind is None
    assert [hz for t, hz in step.tones() if 1.0 <= t < 1.5 and hz] == [1760.0]
