"""Pacing tests: real gpiozero mock pins, and a fake clock that the pins share.

Patching ``gpiozero.pins.mock.monotonic`` makes the mock pins stamp their state
changes with our fake clock, so a pin's history is compared with the schedule
exactly and instantly. One test (``test_loop_realtime.py``) runs the real loop on
the real clock instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import gpiozero.pins.mock as gpiozero_mock
import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from drivers.lights import Beeper, TempoLights
from kiosk.pacing import Pacer
from kiosk.programme import Programme, Tempo

BAR = [5, 6, 13, 19, 26]
RGB = [16, 20, 21]
BUZZER = 12
T0 = 1000.0  # the fake clock's start: far from 0 so relative/absolute mix-ups show


class FakeClock:
    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> float:
        return self.t


class TonePin(MockPWMPin):
    """A mock PWM pin that also keeps its frequency changes: (time, Hz or None)."""

    def __init__(self, factory, info):
        self.tones: list[tuple[float, float | None]] = []
        super().__init__(factory, info)

    def _set_frequency(self, value):
        super()._set_frequency(value)
        self.tones.append((gpiozero_mock.monotonic(), value))


HeelScript = Callable[[float], tuple[float | None, str] | None]


class Step:
    """Lights and buzzer on mock pins, a pacer, and a fake clock to run them on."""

    def __init__(self, clock: FakeClock, factory: MockFactory) -> None:
        self.clock = clock
        self.factory = factory
        self.tone_pin: TonePin = factory.pin(BUZZER, pin_class=TonePin)
        self.lights = TempoLights(BAR, RGB, 1.0, factory)
        self.beeper = Beeper(BUZZER, 1.0, False, factory)
        self.pacer: Pacer | None = None

    def pin(self, number: int) -> MockPWMPin:
        return self.factory.pin(number)

    def tones(self) -> list[tuple[float, float | None]]:
        """The buzzer's frequency changes, (seconds since the set started, Hz or None)."""
        return [(round(t - T0, 6), hz) for t, hz in self.tone_pin.tones if t >= T0]

    def changes(self, number: int) -> list[tuple[float, float]]:
        return changes(self.pin(number))

    def assert_pin(self, number: int, initial: float, expected: list[tuple[float, float]]) -> None:
        assert_pin(self.pin(number), initial, expected)

    def start(self, programme: Programme, mode: str = "lead", **kwargs: object) -> Pacer:
        self.pacer = Pacer(
            programme, self.lights, self.beeper, mode=mode, clock=self.clock, **kwargs
        )
        for n in [*BAR, *RGB, BUZZER]:
            self.pin(n).clear_states()
        self.tone_pin.tones.clear()
        self.pacer.start_set(1, at=self.clock.t)
        return self.pacer

    def follower(self) -> HeelScript:
        """A patient who does exactly what the lights ask, at 10/40 mm, resting at 0 mm."""
        heights = {"rise": 20.0, "hold": 40.0, "lower": 20.0}

        def heel(t: float) -> tuple[float | None, str]:
            asked = self.pacer.snapshot(self.clock.t).asked_phase
            return heights.get(asked, 0.0), asked if asked in heights else "rest"

        return heel

    def boundaries(self) -> list[tuple[float, str, int]]:
        """Phases the pacer entered: (seconds from the set's start, kind, rep)."""
        return [(round(b.t - T0, 6), b.kind, b.rep) for b in self.pacer.boundaries]

    def run(self, seconds: float, heel: HeelScript | None = None, hz: float = 100.0) -> None:
        """Advance the fake clock ``seconds``, waking the pacer exactly when it asks to.

        ``heel(t)`` (t from the set's start) gives (height, phase) per sample, or None.
        """
        assert self.pacer is not None
        start, until = T0, self.clock.t + seconds
        k = math.ceil((self.clock.t - start) * hz - 1e-9)
        self.pacer.update(self.clock.t)
        while True:
            t = self.clock.t
            sample_t = start + k / hz if heel else math.inf
            due = self.pacer.next_change(t)
            t = min(until, sample_t, due if due is not None else math.inf)
            self.clock.t = t
            if heel and t >= sample_t:
                reading = heel(t - start)
                if reading is not None:
                    self.pacer.on_heel(t, *reading)
                k += 1
            self.pacer.update(t)
            if t >= until:
                return


def heel_script(*points: tuple[float, float | None, str]) -> HeelScript:
    """A heel that follows ``(from t, height mm, phase)`` points, each until the next."""

    def heel(t: float) -> tuple[float | None, str] | None:
        current = None
        for start, height, phase in points:
            if start <= t + 1e-9:
                current = (height, phase)
        return current

    return heel


def changes(pin: MockPWMPin) -> list[tuple[float, float]]:
    """A pin's changes as (seconds since the set started, state), from its history."""
    out, t = [], 0.0
    for state in pin.states[1:]:
        t += state.timestamp
        out.append((round(t, 6), float(state.state)))
    return out


def as_history(initial: float, expected: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Expected (time from start, state) changes as gpiozero's (delta, state) history."""
    out, last = [(0.0, initial)], 0.0
    for t, state in expected:
        out.append((t - last, state))
        last = t
    return out


def assert_pin(pin: MockPWMPin, initial: float, expected: list[tuple[float, float]]) -> None:
    """The pin went through exactly ``expected`` (absolute times), in gpiozero's terms too."""
    history = as_history(initial, expected)
    assert len(pin.states) == len(history), changes(pin)
    pin.assert_states_and_times(history)
    assert changes(pin) == [(pytest.approx(t, abs=1e-6), pytest.approx(s)) for t, s in expected]


@pytest.fixture
def step(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(gpiozero_mock, "monotonic", clock)
    factory = MockFactory(pin_class=MockPWMPin)
    s = Step(clock, factory)
    yield s
    s.lights.close()
    s.beeper.close()
    factory.reset()


def fast_programme(reps: int = 2, **kwargs: object) -> Programme:
    """A quick programme: 0.4-0.2-0.4 s with 0.2 s rest, one set."""
    kwargs.setdefault("tempo", Tempo(0.4, 0.2, 0.4, 0.2))
    kwargs.setdefault("sets", 1)
    kwargs.setdefault("rest_between_sets_s", 0.0)
    return Programme(reps=reps, **kwargs)


@pytest.fixture
def script():
    """Build a scripted heel (see ``heel_script``)."""
    return heel_script


@pytest.fixture
def fast():
    """Build a quick programme (see ``fast_programme``)."""
    return fast_programme
