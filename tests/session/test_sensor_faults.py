"""Silent strips and broken samples are shown, and the kiosk keeps working and recovers."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from drivers.strips import PressureStrips, StripReading
from kiosk.analysis.samples import Sample
from kiosk.config import Config
from kiosk.session.service import SessionService
from kiosk.session.view import SessionProblem, Stage
from kiosk.storage.store import Store

from .conftest import small_programme


class FlakyChannel:
    """An ADC channel that reads ``counts`` until told to fail (bus error), then recovers."""

    def __init__(self, counts: int = 10) -> None:
        self.counts = counts
        self.failing = threading.Event()

    @property
    def raw_value(self) -> int:
        if self.failing.is_set():
            raise OSError(5, "Input/output error")
        return self.counts

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Health:
    tof: str
    strips: str


class StripsOnlyStep:
    """The real ``PressureStrips`` driver as the session's sample source (no ToF)."""

    def __init__(self, strips: PressureStrips, bad_samples: bool = False) -> None:
        self.strips = strips
        self.start = time.monotonic()
        self.bad_samples = bad_samples
        self._subscribers: list[Callable[[Sample], None]] = []
        strips.subscribe(self._on_reading)

    def _on_reading(self, reading: StripReading) -> None:
        counts = reading.counts[:5] if self.bad_samples else reading.counts  # a broken sample
        sample = Sample(reading.t - self.start, None, counts)
        for callback in self._subscribers:
            callback(sample)

    def subscribe(self, callback: Callable[[Sample], None]) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def status(self) -> Health:
        return Health(tof="ok", strips=self.strips.status)


def _wait(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture
def strips_step():
    channels = {name: FlakyChannel() for name in
                ("l_toe", "l_lat", "l_heel", "r_toe", "r_lat", "r_heel")}
    strips = PressureStrips(channels, rate_hz=100.0)
    try:
        yield StripsOnlyStep(strips), channels
    finally:
        strips.close()


def test_silent_strips_are_shown_requests_still_run_and_it_recovers(tmp_path, strips_step):
    step, channels = strips_step
    with Store(tmp_path / "smartstep.db") as store, \
            SessionService(store, Config(), step=step) as service:
        assert _wait(lambda: service.snapshot().error is None and step.strips.samples > 20)
        for channel in channels.values():
            channel.failing.set()  # the ADC stops answering: no sample arrives
        assert _wait(lambda: service.snapshot().error is SessionProblem.SENSORS_SILENT)
        # Requests still run without samples: a start, then a stop and its summary.
        service.begin_session(None, small_programme())
        assert _wait(lambda: service.snapshot().stage is Stage.CALIBRATING)
        service.stop()
        assert _wait(lambda: service.snapshot().stage is Stage.FINISHED)
        summary = service.summary()
        assert summary is not None and summary.status == "stopped" and summary.saved
        assert service.snapshot().error is SessionProblem.SENSORS_SILENT
        for channel in channels.values():
            channel.failing.clear()  # the sensor answers again
        assert _wait(lambda: service.snapshot().error is None)


def test_a_broken_sample_is_logged_once_shown_and_the_kiosk_carries_on(
        tmp_path, strips_step, caplog):
    step, _channels = strips_step
    step.bad_samples = True
    caplog.set_level(logging.ERROR, logger="kiosk.session.service")
    with Store(tmp_path / "smartstep.db") as store, \
            SessionService(store, Config(), step=step) as service:
        assert _wait(lambda: step.strips.samples > 100)
        assert _wait(lambda: service.snapshot().error is SessionProblem.INTERNAL)
        tracebacks = [r for r in caplog.records if r.exc_info]
        assert len(tracebacks) == 1  # not one per sample
        step.bad_samples = False
        assert _wait(lambda: service.snapshot().error is None)
        service.begin_session(None, small_programme())  # still usable
        assert _wait(lambda: service.snapshot().stage is Stage.CALIBRATING)
        service.stop()
        assert _wait(lambda: service.snapshot().stage is Stage.FINISHED)
