"""A production kiosk whose wired lights cannot start (here: no GPIO) starts with them
simulated and says so (log, screen notice); elsewhere the error still stops it."""

from __future__ import annotations

import logging

import pytest
from gpiozero import Device

from kiosk.app import open_kiosk
from kiosk.config import parse_config
from kiosk.devices.hardware import HardwareError, build_hardware


@pytest.fixture
def no_gpio(monkeypatch):
    # gpiozero's most portable backend, so the test does not depend on installed pin libraries.
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "native")
    monkeypatch.setattr(Device, "pin_factory", None)
    try:
        build_hardware(parse_config({"lights": {"backend": "gpio"}})).close()
    except HardwareError as exc:
        assert exc.devices == ("lights",)
    else:
        pytest.skip("this machine has GPIO")
    monkeypatch.setattr(Device, "pin_factory", None)


def test_production_kiosk_starts_with_failed_lights_simulated(no_gpio, caplog):
    config = parse_config({"lights": {"backend": "gpio"}})
    with caplog.at_level(logging.WARNING), open_kiosk(config, fullscreen=True) as parts:
        assert parts.device_problems == ("lights_failed", "tof_simulated", "strips_simulated")
        assert parts.services.technician.device_notice() == parts.device_problems
        hardware = parts.services.technician.hardware
        assert hardware.config.lights.backend == "sim"
        hardware.lights.set_bar(2)  # the stand-in works
    assert "starting with lights simulated" in caplog.text
    assert "lights, buzzer and button could not start" in caplog.text


def test_a_window_kiosk_still_stops_with_one_line(no_gpio):
    with pytest.raises(HardwareError) as info:  # noqa: SIM117
        with open_kiosk(parse_config({"lights": {"backend": "gpio"}})):
            pass
    assert "\n" not in str(info.value)
