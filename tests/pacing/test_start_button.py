"""The start/pause button: a callback per press, bounces ignored, close twice."""

from __future__ import annotations

import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from drivers.lights import StartButton


@pytest.fixture
def factory():
    f = MockFactory(pin_class=MockPWMPin)
    yield f
    f.reset()


def test_each_press_calls_back_once_and_bounces_are_ignored(factory):
    pressed = []
    with StartButton(4, factory, on_press=lambda: pressed.append(1), bounce_s=10.0) as button:
        pin = factory.pin(4)
        assert not button.is_pressed
        pin.drive_low()  # pressed (the button pulls the pin to ground)
        assert button.is_pressed
        pin.drive_high()
        pin.drive_low()  # a bounce well inside bounce_s
        pin.drive_high()
        assert pressed == [1]
        assert button.presses == 1


def test_presses_apart_are_separate_and_a_failing_callback_is_reported(factory):
    def boom():
        raise RuntimeError("screen gone")

    with StartButton(4, factory, bounce_s=0.0) as button:
        button.on_press = boom
        pin = factory.pin(4)
        for _ in range(3):
            pin.drive_low()
            pin.drive_high()
        assert button.presses == 3
        assert "screen gone" in button.health()["last_error"]
    button.close()
    assert button.health()["status"] == "closed"
