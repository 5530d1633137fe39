"""Between sets the bar shows the rest left: dim, one LED going out per fifth of the rest."""

from __future__ import annotations


def test_rest_between_sets_empties_the_dim_bar_and_reports_the_time_left(step, fast):
    programme = fast(reps=1, sets=2, rest_between_sets_s=5.0)
    pacer = step.start(programme, mode="lead", countdown_step_s=0.2)
    # countdown 0..0.6, rep 0.6..1.8, end of set 1.8..3.3, rest between sets 3.3..8.3
    step.run(5.3)
    view = pacer.snapshot()
    assert view.asked_phase == "set_rest"
    assert view.rest_remaining_s == 3.0
    step.run(3.5)
    assert pacer.done
    dim = 0.3
    step.assert_pin(26, 0.0, [(1.0, 1.0), (1.28, 0.0), (1.8, 1.0), (2.05, 0.0), (2.3, 1.0),
                              (2.55, 0.0), (2.8, 1.0), (3.05, 0.0), (3.3, dim), (4.3, 0.0)])
    step.assert_pin(19, 0.0, [(0.9, 1.0), (1.36, 0.0), (1.8, 1.0), (2.05, 0.0), (2.3, 1.0),
                              (2.55, 0.0), (2.8, 1.0), (3.05, 0.0), (3.3, dim), (5.3, 0.0)])
    step.assert_pin(5, 0.0, [(0.0, 0.5), (0.6, 1.0), (1.6, 0.0), (1.8, 1.0), (2.05, 0.0),
                             (2.3, 1.0), (2.55, 0.0), (2.8, 1.0), (3.05, 0.0), (3.3, dim),
                             (8.3, 0.0)])
    # The RGB LED is dim blue through the rest, then off.
    step.assert_pin(21, 0.0, [(1.0, 1.0), (1.6, 0.0), (1.8, 1.0), (2.05, 0.0), (2.3, 1.0),
                              (2.55, 0.0), (2.8, 1.0), (3.05, 0.0), (3.3, dim), (8.3, 0.0)])


def test_the_last_set_has_no_rest_after_it(step, fast):
    pacer = step.start(fast(reps=1, sets=1, rest_between_sets_s=60.0), mode="lead")
    assert "set_rest" not in [p.kind for p in pacer.schedule.phases]
