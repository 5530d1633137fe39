"""build_hardware picks each device's backend from the config."""

from __future__ import annotations

import pytest
from gpiozero import Device

from kiosk.config import Config, parse_config
from kiosk.devices.hardware import HardwareError, build_hardware
from kiosk.sim.person import BodyState


class StandingBody:
    def state_at(self, t: float) -> BodyState:
        return BodyState(t, True, 0.0, (250.0,) * 6)


def test_all_simulated_by_default(wait_for):
    before = Device.pin_factory
    hw = build_hardware(Config(), body=StandingBody())
    try:
        assert hw.sim is not None and hw.sim_factory is not None
        assert Device.pin_factory is hw.sim_factory  # the software SPI needs it global
        wait_for(lambda: hw.step.latest() is not None and hw.step.status().ok)
        assert min(hw.step.latest().strips) > 100
        hw.lights.set_bar(3)
        hw.beeper.tone(880.0)
        assert hw.health()["tof"]["status"] == "ok"
    finally:
        hw.close()
        hw.close()
    assert Device.pin_factory is before


def test_button_press_on_the_simulated_pin():
    with build_hardware(Config(), body=StandingBody()) as hw:
        pin = hw.sim_factory.pin(hw.config.lights.button_pin)
        pin.drive_low()
        pin.drive_high()
        assert hw.button.presses == 1


def test_half_wired_serial_tof_with_simulated_strips(tmp_path, wait_for):
    # ToF wired (its USB-UART not plugged in yet), strips and lights simulated.
    config = parse_config({"tof": {"backend": "serial", "port": str(tmp_path / "ttyUSB0")}})
    with build_hardware(config, body=StandingBody()) as hw:
        assert hw.tof.port == str(tmp_path / "ttyUSB0")
        wait_for(lambda: hw.step.latest() is not None)
        assert hw.step.latest().tof_mm is None
        assert hw.step.status().tof == "disconnected"
        assert hw.step.status().strips == "ok"


def test_simulated_tof_with_the_configured_mount(wait_for):
    config = parse_config({"tof": {"mount": "above"}})
    with build_hardware(config, body=StandingBody()) as hw:
        wait_for(lambda: hw.step.latest() is not None and hw.step.latest().tof_mm is not None)
        assert hw.step.latest().tof_mm < 0


def test_strips_rate_and_channel_map_from_config(wait_for):
    channels = {"l_toe": 7, "l_lat": 6, "l_heel": 5, "r_toe": 4, "r_lat": 3, "r_heel": 2}
    config = parse_config({"strips": {"rate_hz": 250.0, "channels": channels}})
    with build_hardware(config, body=StandingBody()) as hw:
        assert hw.strips.rate_hz == 250.0
        wait_for(lambda: hw.step.latest() is not None)
        assert min(hw.step.latest().strips) > 100  # every strip found on its channel


def test_wired_lights_without_gpio_is_one_clear_error(monkeypatch):
    # This machine has no GPIO; force gpiozero's most portable backend so the
    # test does not depend on which pin libraries happen to be installed.
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "native")
    monkeypatch.setattr(Device, "pin_factory", None)
    message = None
    try:
        build_hardware(parse_config({"lights": {"backend": "gpio"}}), body=StandingBody())
    except HardwareError as exc:
        message = str(exc)
    else:
        pytest.skip("this machine has GPIO")
    assert "\n" not in message and "sim" in message


def test_pin_clash_is_one_clear_error():
    # GPIO 11 is the SPI clock of the (simulated) MCP3008.
    config = parse_config({"lights": {"bar_pins": [5, 6, 11]}})
    before = Device.pin_factory
    with pytest.raises(HardwareError, match="LED bar") as info:
        build_hardware(config, body=StandingBody())
    assert "\n" not in str(info.value)
    assert Device.pin_factory is before  # what was built is undone
