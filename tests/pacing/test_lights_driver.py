"""drivers.lights on gpiozero mock pins: brightness, volume, mute, close, bad settings."""

from __future__ import annotations

import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from drivers.errors import DeviceClosedError, DeviceConfigError, DeviceError
from drivers.lights import Beeper, TempoLights, duty_for_volume


@pytest.fixture
def factory():
    f = MockFactory(pin_class=MockPWMPin)
    yield f
    f.reset()


def test_bar_and_colour_are_scaled_by_brightness(factory):
    with TempoLights([5, 6, 13], [16, 20, 21], 0.5, factory) as lights:
        assert lights.bar_length == 3
        lights.set_bar(2, level=0.6)
        lights.set_colour((1.0, 0.5, 0.0))
        assert [factory.pin(n).state for n in (5, 6, 13)] == pytest.approx([0.3, 0.3, 0.0])
        assert [factory.pin(n).state for n in (16, 20, 21)] == pytest.approx([0.5, 0.25, 0.0])
    assert all(factory.pin(n).state == 0 for n in (5, 6, 16, 20))  # closed: off


def test_close_is_safe_twice_and_use_after_close_is_a_clear_error(factory):
    lights = TempoLights([5], [16, 20, 21], 1.0, factory)
    beeper = Beeper(12, 1.0, False, factory)
    for device in (lights, beeper):
        device.close()
        device.close()
        assert device.health()["status"] == "closed"
    with pytest.raises(DeviceClosedError):
        lights.set_bar(1)
    with pytest.raises(DeviceClosedError):
        beeper.tone(880.0)


def test_bad_settings_are_config_errors(factory):
    with pytest.raises(DeviceConfigError):
        TempoLights([5], [16, 20], 1.0, factory)
    with pytest.raises(DeviceConfigError):
        TempoLights([5], [16, 20, 21], 1.5, factory)
    with pytest.raises(DeviceConfigError):
        Beeper(12, -0.1, False, factory)
    with pytest.raises(DeviceConfigError, match="GPIO 99"):
        Beeper(99, 0.5, False, factory)


def test_a_pin_used_twice_is_a_device_error_naming_it(factory):
    with Beeper(12, 0.5, False, factory), pytest.raises(DeviceError, match="GPIO \\[12"):
        TempoLights([12], [16, 20, 21], 1.0, factory)


def test_volume_sets_the_duty_full_volume_is_half_duty(factory):
    assert duty_for_volume(1.0) == pytest.approx(0.5)
    assert duty_for_volume(0.0) == 0.0
    assert duty_for_volume(0.5) == pytest.approx(1 / 6)  # sin(pi/6) = 0.5
    with Beeper(12, 0.5, False, factory) as beeper:
        beeper.tone(1000.0)
        pin = factory.pin(12)
        assert pin.frequency == 1000.0
        assert pin.state == pytest.approx(1 / 6)
        beeper.tone(None)
        assert pin.state == 0
        assert pin.frequency is None
        beeper.tone(50_000.0)  # clamped to the buzzer's range
        assert pin.frequency == pytest.approx(3520.0)


@pytest.mark.parametrize(("volume", "mute"), [(1.0, True), (0.0, False)])
def test_muted_or_silent_beeper_never_drives_the_pin(factory, volume, mute):
    with Beeper(12, volume, mute, factory) as beeper:
        pin = factory.pin(12)
        pin.clear_states()
        for hz in (880.0, 1760.0, None, 440.0):
            beeper.tone(hz)
        assert len(pin.states) == 1
        assert pin.state == 0
