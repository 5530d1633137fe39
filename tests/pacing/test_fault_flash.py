"""A fault flashes the RGB LED red three times over the phase colour; the bar keeps pacing."""

from __future__ import annotations


def test_fault_flashes_red_and_shows_its_cue(step, fast):
    pacer = step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    step.run(1.25)
    pacer.on_fault(step.clock.t, "heels_in")
    step.run(0.05)
    assert pacer.snapshot().cue_kind == "heels_in"
    step.run(1.2)  # to 2.5
    # red leg: countdown, rise off, hold on, lower off, flashes at 1.25 / 1.55 / 1.85, hold 2.2.
    step.assert_pin(16, 0.0, [(0.0, 1.0), (0.6, 0.0), (1.0, 1.0), (1.2, 0.0), (1.25, 1.0),
                              (1.4, 0.0), (1.55, 1.0), (1.7, 0.0), (1.85, 1.0), (2.0, 0.0),
                              (2.2, 1.0), (2.4, 0.0)])
    # blue leg: lowering blue, dark during red, blue again between flashes, off at rest.
    step.assert_pin(21, 0.0, [(1.0, 1.0), (1.25, 0.0), (1.4, 1.0), (1.55, 0.0), (2.2, 1.0)])
    # The bar is not disturbed by the fault.
    step.assert_pin(5, 0.0, [(0.0, 0.5), (0.6, 1.0), (1.6, 0.0), (1.8, 1.0)])
    assert (1.25, 220.0) in step.tones()
