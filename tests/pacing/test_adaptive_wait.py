"""Adaptive pacing: the next rise waits until the heel is back down and still."""

from __future__ import annotations

# fast(reps=2), 0.2 s countdown steps: rep 1 rise 0.6, hold 1.0, lower 1.2, rest 1.6..1.8.


def wobbly_until(t_still: float):
    """On time through rep 1, then the heel shuffles 0/4 mm at the bottom until t_still."""

    def heel(t: float):
        if t < 0.6:
            return 0.0, "rest"
        if t < 1.0:
            return 20.0, "rise"
        if t < 1.2:
            return 40.0, "hold"
        if t < 1.6:
            return 20.0, "lower"
        if t < t_still:
            return (4.0 if round(t * 100) % 2 else 0.0), "rest"
        return 1.0, "rest"

    return heel


def test_next_rise_waits_for_a_still_heel_then_starts_at_once(step, fast):
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    heel = wobbly_until(2.3)
    step.run(2.0, heel=heel)
    view = pacer.snapshot()
    assert (view.asked_phase, view.waiting, view.rep) == ("rest", True, 1)
    step.run(0.7, heel=heel)
    # Still from 2.30, confirmed 0.3 s later: rep 2's rise at 2.60 instead of 1.80.
    assert step.boundaries()[-1][1:] == ("rise", 2)
    assert step.boundaries()[-1][0] == 2.6
    step.assert_pin(5, 0.0, [(0.0, 0.5), (0.6, 1.0), (1.6, 0.0), (2.6, 1.0)])


def test_lead_mode_does_not_wait(step, fast):
    step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    step.run(2.7, heel=wobbly_until(2.3))
    assert (1.8, "rise", 2) in step.boundaries()


def test_no_heel_news_means_no_waiting(step, fast):
    """Without heel readings (sensor gone) adaptive pacing carries on like a metronome."""
    step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    step.run(2.0)
    assert (1.8, "rise", 2) in step.boundaries()


def test_heel_news_stopping_while_waiting_lets_the_rise_go_after_the_stale_time(step, fast):
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    heel = wobbly_until(99.0)
    step.run(2.0, heel=heel)
    assert pacer.snapshot().waiting
    step.run(1.1, heel=lambda t: None)  # the analysis goes quiet after its sample at 2.0
    assert step.boundaries()[-1] == (3.0, "rise", 2)  # last sample + 1 s stale
