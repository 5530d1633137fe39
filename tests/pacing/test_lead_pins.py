"""Lead mode: every LED, RGB leg and buzzer pin changes exactly when the schedule says."""

from __future__ import annotations

BLINK = [(3.0, 1.0), (3.25, 0.0), (3.5, 1.0), (3.75, 0.0), (4.0, 1.0), (4.25, 0.0)]

# Schedule of fast(reps=2) with a 0.2 s countdown step, from the set's start:
# countdown 0, 0.2, 0.4; rep 1 rise 0.6, hold 1.0, lower 1.2, rest 1.6;
# rep 2 rise 1.8, hold 2.2, lower 2.4, rest 2.8; end of set 3.0..4.5.


def test_bar_fills_on_the_rise_is_full_at_the_top_and_empties_on_the_way_down(step, fast):
    pacer = step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    step.run(5.0)
    # Bottom LED: half-lit countdown, full from each "go" until the bottom, blinks at the end.
    step.assert_pin(5, 0.0, [(0.0, 0.5), (0.6, 1.0), (1.6, 0.0), (1.8, 1.0), (2.8, 0.0), *BLINK])
    # Middle LED: half-way up the rise (0.6 + 0.2), off after 3/5 of the lowering (1.2 + 0.24).
    step.assert_pin(
        13, 0.0, [(0.0, 0.5), (0.2, 0.0), (0.8, 1.0), (1.44, 0.0), (2.0, 1.0), (2.64, 0.0), *BLINK]
    )
    # Top LED: only at the top (hold), off after the first fifth of the lowering.
    step.assert_pin(26, 0.0, [(1.0, 1.0), (1.28, 0.0), (2.2, 1.0), (2.48, 0.0), *BLINK])
    assert pacer.done


def test_rgb_colour_changes_at_every_phase_boundary(step, fast):
    step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    step.run(5.0)
    # red leg: countdown yellow, rise green (off), hold white (on), lower blue (off).
    step.assert_pin(16, 0.0, [(0.0, 1.0), (0.6, 0.0), (1.0, 1.0), (1.2, 0.0), (2.2, 1.0),
                              (2.4, 0.0), *BLINK])
    # blue leg: on from the top through the lowering (white, then blue), off at rest.
    step.assert_pin(21, 0.0, [(1.0, 1.0), (1.6, 0.0), (2.2, 1.0), (2.8, 0.0), *BLINK])


def test_buzzer_ticks_each_boundary_with_its_own_tone_and_a_different_one_at_the_top(step, fast):
    step.start(fast(reps=1), mode="lead", countdown_step_s=0.2)
    step.run(3.0)
    beeps = [(0.0, 0.1), (0.2, 0.3), (0.4, 0.5), (0.6, 0.66), (1.0, 1.15), (1.2, 1.26),
             (1.6, 1.66), (1.8, 1.95), (2.0, 2.15), (2.2, 2.35), (2.4, 2.7)]
    expected = [change for on, off in beeps for change in ((on, 0.5), (off, 0.0))]
    step.assert_pin(12, 0.0, expected)
    hz = dict(t_hz for t_hz in step.tones() if t_hz[1] is not None)
    assert [hz[t] for t in (0.0, 0.2, 0.4)] == [1000.0] * 3  # 3-2-1
    rise, top, lower, rest = hz[0.6], hz[1.0], hz[1.2], hz[1.6]
    assert len({rise, top, lower, rest}) == 4
    assert top > max(rise, lower, rest)
    # End of set: a rising four-note call, unlike any tick.
    assert [hz[t] for t in (1.8, 2.0, 2.2, 2.4)] == sorted(hz[t] for t in (1.8, 2.0, 2.2, 2.4))
    assert not {hz[1.8], hz[2.0]} & {rise, top, lower, rest}
