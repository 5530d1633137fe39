"""Tempo lights, buzzer and start button on GPIO (gpiozero).

Thin wrappers: they show what they are told, when they are told. The timing
(what to show and when) lives in ``kiosk/pacing``; these classes satisfy its
small output protocols (``set_bar``, ``set_colour``, ``tone``).

Every class takes the one gpiozero pin factory built at start-up
(``pin_factory=``; a ``MockFactory(pin_class=MockPWMPin)`` on the simulated
step), is a context manager, and ``close()`` is safe to call twice.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any

from gpiozero import RGBLED, Button, LEDBarGraph, TonalBuzzer
from gpiozero.exc import BadPinFactory, GPIOZeroError
from gpiozero.tones import Tone

from drivers.errors import (
    DeviceClosedError,
    DeviceConfigError,
    DeviceError,
    DeviceNotFoundError,
)

Colour = tuple[float, float, float]


def _open(what: str, build: Callable[[], Any]) -> Any:
    """Build a gpiozero device, turning its errors into our ``DeviceError`` tree."""
    try:
        return build()
    except BadPinFactory as exc:  # no GPIO on this machine
        raise DeviceNotFoundError(f"{what}: {exc}") from exc
    except ValueError as exc:  # no such pin, bad value
        raise DeviceConfigError(f"{what}: {exc}") from exc
    except GPIOZeroError as exc:  # e.g. the pin is already used by another device
        raise DeviceError(f"{what}: {exc}") from exc


def _unit(name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise DeviceConfigError(f"{name} must be 0..1, not {value!r}")
    return float(value)


class TempoLights:
    """An LED bar graph (PWM, lit from the first pin) and one RGB LED.

    :param bar_pins: BCM pins of the bar, bottom LED first.
    :param rgb_pins: BCM pins of the red, green and blue legs.
    :param brightness: 0..1, scales every PWM duty (dim for a dark room).
    """

    def __init__(
        self, bar_pins: list[int], rgb_pins: list[int], brightness: float, pin_factory: Any
    ) -> None:
        if len(rgb_pins) != 3:
            raise DeviceConfigError(f"the RGB LED needs 3 pins, not {len(rgb_pins)}")
        if not bar_pins:
            raise DeviceConfigError("the LED bar needs at least one pin")
        self.brightness = _unit("brightness", brightness)
        self._closed = False
        self._lock = threading.Lock()
        self._bar: LEDBarGraph | None = None
        self._rgb: RGBLED | None = None
        self._writes = 0
        self._last_error: str | None = None
        self._bar = _open(
            f"LED bar on GPIO {bar_pins}",
            lambda: LEDBarGraph(*bar_pins, pwm=True, pin_factory=pin_factory),
        )
        try:
            self._rgb = _open(
                f"RGB LED on GPIO {rgb_pins}", lambda: RGBLED(*rgb_pins, pin_factory=pin_factory)
            )
        except Exception:
            self._bar.close()
            raise

    @property
    def bar_length(self) -> int:
        """How many LEDs the bar has."""
        return len(self._bar) if self._bar is not None else 0

    def set_bar(self, lit: int, level: float = 1.0) -> None:
        """Light the bottom ``lit`` LEDs at ``level`` (0..1, times the brightness); the rest off."""
        duty = max(0.0, min(1.0, level)) * self.brightness
        with self._lock:
            bar = self._check_open(self._bar)
            for index, led in enumerate(bar):
                led.value = duty if index < lit else 0.0
            self._writes += 1

    def set_colour(self, rgb: Colour) -> None:
        """Show ``rgb`` (each 0..1, times the brightness) on the RGB LED; (0, 0, 0) is off."""
        scaled = tuple(max(0.0, min(1.0, c)) * self.brightness for c in rgb)
        with self._lock:
            self._check_open(self._rgb).value = scaled
            self._writes += 1

    def off(self) -> None:
        self.set_bar(0)
        self.set_colour((0.0, 0.0, 0.0))

    def health(self) -> dict[str, object]:
        return {
            "status": "closed" if self._closed else "ok",
            "bar_length": self.bar_length,
            "writes": self._writes,
            "last_error": self._last_error,
        }

    def _check_open(self, device: Any) -> Any:
        if self._closed or device is None:
            raise DeviceClosedError("tempo lights used after close()")
        return device

    def close(self) -> None:
        """Turn everything off and release the pins; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for device in (self._bar, self._rgb):
                if device is not None:
                    try:
                        device.close()
                    except Exception as exc:  # closing must not fail shutdown
                        self._last_error = str(exc)

    def __enter__(self) -> TempoLights:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def duty_for_volume(volume: float) -> float:
    """PWM duty that gives a square wave's fundamental ``volume`` (0..1) of its loudest.

    A square wave of duty ``d`` has a fundamental of amplitude ~ sin(pi * d),
    loudest at 50 %. A piezo buzzer mostly sounds that fundamental, so
    ``d = asin(volume) / pi`` scales the amplitude honestly (0.5 at full volume).
    """
    return math.asin(max(0.0, min(1.0, volume))) / math.pi


class Beeper:
    """A piezo on a PWM pin (``TonalBuzzer``) playing tones at a set volume.

    :param volume: 0..1 of the loudest the buzzer can do (see ``duty_for_volume``).
    :param mute: never make a sound (the pin stays low).
    """

    # A5 +- 2 octaves: 220 Hz .. 3520 Hz, the range piezo buzzers sound best in.
    MID_TONE = "A5"
    OCTAVES = 2

    def __init__(self, pin: int, volume: float, mute: bool, pin_factory: Any) -> None:
        self.volume = _unit("volume", volume)
        self.mute = bool(mute)
        self._closed = False
        self._lock = threading.Lock()
        self._tones = 0
        self._last_error: str | None = None
        self._buzzer: TonalBuzzer = _open(
            f"buzzer on GPIO {pin}",
            lambda: TonalBuzzer(
                pin, mid_tone=Tone(self.MID_TONE), octaves=self.OCTAVES, pin_factory=pin_factory
            ),
        )
        self._low_hz = self._buzzer.min_tone.frequency
        self._high_hz = self._buzzer.max_tone.frequency

    @property
    def silent(self) -> bool:
        return self.mute or self.volume <= 0.0

    def tone(self, hz: float | None) -> None:
        """Sound ``hz`` (clamped to the buzzer's range) until the next call; None stops."""
        with self._lock:
            if self._closed:
                raise DeviceClosedError("beeper used after close()")
            if hz is None or self.silent:
                self._buzzer.stop()
                return
            hz = min(self._high_hz, max(self._low_hz, float(hz)))
            # TonalBuzzer.play() always uses a 50 % duty; set the frequency and our
            # volume's duty ourselves so the pin goes straight to the right level.
            pwm = self._buzzer.pwm_device
            pwm.pin.frequency = hz
            pwm.value = duty_for_volume(self.volume)
            self._tones += 1

    def health(self) -> dict[str, object]:
        return {
            "status": "closed" if self._closed else "ok",
            "muted": self.silent,
            "tones": self._tones,
            "last_error": self._last_error,
        }

    def close(self) -> None:
        """Silence and release the pin; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._buzzer.close()
            except Exception as exc:  # closing must not fail shutdown
                self._last_error = str(exc)

    def __enter__(self) -> Beeper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StartButton:
    """The big start/pause button (to ground, internal pull-up), debounced.

    :param on_press: called (from gpiozero's thread) on each press; also settable later
        through ``on_press``.
    :param bounce_s: presses closer together than this are one press (gloved hands
        and worn switches bounce).
    """

    def __init__(
        self,
        pin: int,
        pin_factory: Any,
        on_press: Callable[[], None] | None = None,
        bounce_s: float = 0.05,
    ) -> None:
        self.on_press = on_press
        self.presses = 0
        self.bounce_s = bounce_s
        self._last_press: float | None = None
        self._closed = False
        self._last_error: str | None = None
        self._button: Button = _open(
            f"button on GPIO {pin}",
            lambda: Button(pin, pull_up=True, bounce_time=bounce_s, pin_factory=pin_factory),
        )
        self._button.when_pressed = self._pressed

    def _pressed(self) -> None:
        # Our own debounce as well as the pin's: not every pin backend (the mock
        # one, some kernels) filters bounces, and a double start is a pause.
        now = time.monotonic()
        if self._last_press is not None and now - self._last_press < self.bounce_s:
            return
        self._last_press = now
        self.presses += 1
        callback = self.on_press
        if callback is None:
            return
        try:
            callback()
        except Exception as exc:  # a bad callback must not kill gpiozero's thread
            self._last_error = f"{type(exc).__name__}: {exc}"

    @property
    def is_pressed(self) -> bool:
        return (not self._closed) and bool(self._button.is_pressed)

    def health(self) -> dict[str, object]:
        return {
            "status": "closed" if self._closed else "ok",
            "presses": self.presses,
            "last_error": self._last_error,
        }

    def close(self) -> None:
        """Release the pin; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            self._button.close()
        except Exception as exc:  # closing must not fail shutdown
            self._last_error = str(exc)

    def __enter__(self) -> StartButton:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Beeper", "Colour", "StartButton", "TempoLights", "duty_for_volume"]
