"""3-2-1 before a set: three, two, one LEDs at half level, a beep each, then the first rise."""

from __future__ import annotations


def test_countdown_counts_down_on_the_bar_with_a_beep_per_count(step, fast):
    pacer = step.start(fast(reps=1), mode="lead")  # default 1 s per count
    seen = []
    for t in (0.5, 1.5, 2.5):
        step.run(t - (step.clock.t - 1000.0))
        view = pacer.snapshot()
        seen.append((view.asked_phase, view.countdown))
    assert seen == [("countdown", 3), ("countdown", 2), ("countdown", 1)]
    step.run(0.57)  # into the first rise at 3.0 (its 2nd LED would come at 3.1)
    assert pacer.snapshot().asked_phase == "rise"
    assert pacer.snapshot().countdown is None
    step.assert_pin(5, 0.0, [(0.0, 0.5), (3.0, 1.0)])
    step.assert_pin(6, 0.0, [(0.0, 0.5), (2.0, 0.0)])
    step.assert_pin(13, 0.0, [(0.0, 0.5), (1.0, 0.0)])
    step.assert_pin(12, 0.0, [(0.0, 0.5), (0.1, 0.0), (1.0, 0.5), (1.1, 0.0), (2.0, 0.5),
                              (2.1, 0.0), (3.0, 0.5), (3.06, 0.0)])
    assert [hz for t, hz in step.tones() if hz and t < 3.0] == [1000.0] * 3
