"""Fixtures of the step tests: a mock pin factory and a body that does what the test says."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from gpiozero import Device
from gpiozero.pins.mock import MockFactory, MockPWMPin

from kiosk.sim.person import BodyState


class PuppetBody:
    """A body whose heel height and loads the test sets directly."""

    def __init__(self, heel_mm: float = 0.0, load_n: float = 200.0, on_step: bool = True):
        self.heel_mm = heel_mm
        self.load_n = load_n
        self.on_step = on_step

    def state_at(self, t: float) -> BodyState:
        loads = (self.load_n,) * 6 if self.on_step else (0.0,) * 6
        return BodyState(t, self.on_step, self.heel_mm, loads)  # type: ignore[arg-type]


@pytest.fixture
def puppet() -> PuppetBody:
    return PuppetBody()


@pytest.fixture
def mock_factory() -> Iterator[MockFactory]:
    """A PWM-capable mock factory, also gpiozero's global one (its software SPI asks it)."""
    factory = MockFactory(pin_class=MockPWMPin)
    previous = Device.pin_factory
    Device.pin_factory = factory
    yield factory
    factory.close()
    Device.pin_factory = previous


def _wait_for(predicate: Callable[[], bool], timeout: float = 3.0) -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.005)
    return time.monotonic() - start


@pytest.fixture
def wait_for() -> Callable[..., float]:
    """Poll a condition until true (fails after a timeout); returns the seconds it took."""
    return _wait_for
