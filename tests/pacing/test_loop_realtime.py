"""The pacer's own thread on the real clock drives the pins on schedule (gpiozero's 50 ms
tolerance; the bench measures the real error)."""

from __future__ import annotations

import time

import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from drivers.lights import Beeper, TempoLights
from kiosk.pacing import Pacer, PacerLoop
from kiosk.programme import Programme, Tempo


@pytest.mark.slow
def test_loop_on_the_real_clock_changes_the_pins_at_the_scheduled_times():
    factory = MockFactory(pin_class=MockPWMPin)
    programme = Programme(reps=2, sets=1, tempo=Tempo(0.4, 0.2, 0.4, 0.2))
    with TempoLights([5, 6, 13, 19, 26], [16, 20, 21], 1.0, factory) as lights, \
            Beeper(12, 1.0, False, factory) as beeper:
        pacer = Pacer(programme, lights, beeper, mode="lead", countdown_step_s=0.2)
        for n in (5, 26):
            factory.pin(n).clear_states()
        pacer.start_set(1)
        with PacerLoop(pacer) as loop:
            deadline = time.monotonic() + 10.0
            while not pacer.done and time.monotonic() < deadline:
                time.sleep(0.05)
            assert loop.health()["error"] is None
        loop.close()  # safe twice
        assert loop.health()["status"] == "stopped"
    assert pacer.done
    bottom, top = factory.pin(5), factory.pin(26)
    blink = [(0.25, 0.0), (0.25, 1.0), (0.25, 0.0), (0.25, 1.0), (0.25, 0.0)]
    expected_bottom = [(0.0, 0), (0.0, 0.5), (0.6, 1.0), (1.0, 0.0), (0.2, 1.0), (1.0, 0.0),
                       (0.2, 1.0), *blink]
    assert len(bottom.states) == len(expected_bottom)
    bottom.assert_states_and_times(expected_bottom)
    expected_top = [(0.0, 0), (1.0, 1.0), (0.28, 0.0), (0.92, 1.0), (0.28, 0.0), (0.52, 1.0),
                    *blink]
    assert len(top.states) == len(expected_top)
    top.assert_states_and_times(expected_top)
    factory.reset()
