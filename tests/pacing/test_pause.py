"""Pause: dark and silent; resume starts the interrupted rep again from its rise."""

from __future__ import annotations


def test_pause_darkens_and_resume_restarts_the_rep(step, fast):
    pacer = step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    step.run(0.7)
    pacer.pause(step.clock.t)
    step.run(1.3)  # paused 0.7..2.0
    assert pacer.snapshot().paused
    pacer.resume(step.clock.t)
    step.run(0.5)
    assert step.boundaries()[-3:] == [(0.6, "rise", 1), (2.0, "rise", 1), (2.4, "hold", 1)]
    step.assert_pin(5, 0.0, [(0.0, 0.5), (0.6, 1.0), (0.7, 0.0), (2.0, 1.0)])
    step.assert_pin(20, 0.0, [(0.0, 1.0), (0.7, 0.0), (2.0, 1.0)])
