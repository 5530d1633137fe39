"""On the real simulated step (drivers, threads, metronome on its own thread), in real time.

Kept short: a 1-set, 2-rep fast programme after a 1 s countdown, driven by the demo
patient, checked by waiting (with a generous limit) for the session to finish. The same
sessions faster than real time, on the sample clock: tests/session/conftest.py.
"""

import time

import pytest

from kiosk.config import Config, SessionConfig
from kiosk.devices.hardware import build_hardware
from kiosk.session.ports import SessionDevices
from kiosk.session.service import SessionService
from kiosk.session.view import Stage
from kiosk.sim.demo_patient import start_demo
from kiosk.sim.live import LiveControl
from kiosk.sim.person import SimulatedPerson
from kiosk.storage.store import Store

from .conftest import small_programme


def _wait(predicate, limit_s=40.0):
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
def test_demo_patient_completes_a_session_on_the_simulated_step(tmp_path):
    config = Config(session=SessionConfig(idle_timeout_s=60))
    control = LiveControl()
    person = SimulatedPerson(seed=3, control=control)
    store = Store(tmp_path / "smartstep.db")
    hardware = build_hardware(config, body=person)
    service = SessionService(store, config, step=hardware.step, devices=SessionDevices(
        hardware.lights, hardware.beeper, hardware.button), countdown_s=1.0)
    programme = small_programme(sets=1, reps=2)
    demo = None
    try:
        service.start()
        demo = start_demo(service, control, programme=programme, auto_start=True)
        assert _wait(lambda: service.summary() is not None), service.snapshot()
        summary = service.summary()
        assert summary.status == "completed" and summary.reps == 2
        assert store.get_session(summary.session_id)["rep_count"] == 2
        assert service.snapshot().stage in (Stage.FINISHED, Stage.IDLE)
        assert demo.error is None
    finally:
        if demo is not None:
            demo.close()
        service.close()
        hardware.close()
        store.close()


def test_unplugged_heel_sensor_is_shown_and_clears_when_plugged_back(tmp_path):
    from kiosk.session.view import SessionProblem

    config = Config()
    store = Store(tmp_path / "smartstep.db")
    on_step = LiveControl(on_step=True)  # somebody stands over the sensor: real readings
    hardware = build_hardware(config, body=SimulatedPerson(seed=4, control=on_step))
    service = SessionService(store, config, step=hardware.step, devices=SessionDevices(
        hardware.lights, hardware.beeper, hardware.button))
    try:
        service.start()
        assert _wait(lambda: service.snapshot().occupied, 10)
        assert service.snapshot().sensor_status == "ok"
        hardware.sim.unplug_tof()
        assert _wait(lambda: service.snapshot().sensor_status == "disconnected", 10)
        assert service.snapshot().error is SessionProblem.TOF_DISCONNECTED
        hardware.sim.replug_tof()
        assert _wait(lambda: service.snapshot().sensor_status == "ok", 10)
        assert service.snapshot().error is None
    finally:
        service.close()
        hardware.close()
        store.close()
