"""A technician service on the simulated step, for the screenshots: somebody stands
still on it (the bars and the heel sensor show values), every device is simulated
(so the device notice shows), and one warning is in the log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from kiosk.config import Config
from kiosk.devices.hardware import build_hardware
from kiosk.devices.report import device_problems
from kiosk.sim.person import BodyState
from kiosk.staff.clock import SimulatedClock
from kiosk.staff.technician import RecentProblems, SignedIn, TechnicianService
from kiosk.storage.store import Store

# Newtons on each strip of somebody standing evenly (STRIP_NAMES order).
STANDING_N = (160.0, 90.0, 220.0, 150.0, 100.0, 230.0)


class _Standing:
    def state_at(self, t: float) -> BodyState:
        return BodyState(t, True, 0.0, STANDING_N)


@contextlib.contextmanager
def sample_technician(store: Store, staff: SignedIn) -> Iterator[TechnicianService]:
    config = Config()
    with build_hardware(config, body=_Standing()) as hardware:
        problems = RecentProblems()
        problems.handle(logging.makeLogRecord({
            "levelno": logging.WARNING, "levelname": "WARNING",
            "msg": "heel-height sensor: port /dev/serial0 reopened after 3.2 s"}))
        technician = TechnicianService(hardware, store, staff, SimulatedClock(),
                                       config.data_path(), problems=problems)
        technician.report_devices(device_problems(config, hardware.health()))
        yield technician
