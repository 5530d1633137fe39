"""Fixtures of the step tests: a body that does what the test says (the pin factory and
wait_for come from tests/conftest.py)."""

from __future__ import annotations

import pytest

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
