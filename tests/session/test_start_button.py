"""The physical button (a real StartButton on gpiozero mock pins) starts, pauses and resumes."""

import time

import pytest
from gpiozero.pins.mock import MockFactory

from drivers.lights import StartButton
from kiosk.session.ports import SessionDevices
from kiosk.session.service import SessionService
from kiosk.session.view import Stage

PIN = 4


@pytest.fixture
def button():
    factory = MockFactory()
    b = StartButton(PIN, pin_factory=factory, bounce_s=0.0)
    yield b, factory.pin(PIN)
    b.close()
    factory.close()


def _press(pin):
    pin.drive_low()  # to ground: pressed
    time.sleep(0.02)  # let gpiozero's event thread deliver the press
    pin.drive_high()
    time.sleep(0.02)


def _wait_for_presses(b, n):
    for _ in range(200):
        if b.presses >= n:
            return
        time.sleep(0.01)
    raise AssertionError(f"button saw {b.presses} presses, expected {n}")


def test_button_toggles_start_pause_resume(kiosk, button):
    b, pin = button
    service = SessionService(kiosk.store, kiosk.config, devices=SessionDevices(button=b))
    kiosk.service = service
    service.start()
    kiosk.control.step_on()
    kiosk.run(1.0)
    _press(pin)
    _wait_for_presses(b, 1)
    assert kiosk.run(0.05).stage is Stage.CALIBRATING  # a guest session began
    _press(pin)
    _wait_for_presses(b, 2)
    assert kiosk.run(0.05).stage is Stage.PAUSED
    _press(pin)
    _wait_for_presses(b, 3)
    assert kiosk.run(0.05).stage is Stage.CALIBRATING
    service.close()
    assert b.on_press is None  # released on close
