"""The technician service on the real simulated step: live values, strip calibration
(steps, refusals, saved with a date and used by new sessions), the ToF check, the
light/buzzer/button test on the mock pins, system facts, the clock, the device notice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from kiosk.config import Config
from kiosk.devices.hardware import build_hardware
from kiosk.sim.person import BodyState
from kiosk.staff.api import StaffRequestError
from kiosk.staff.clock import ClockSetError, SimulatedClock
from kiosk.staff.technician import (
    CalibrationSteps,
    RecentProblems,
    TechnicianService,
    mount_verdict,
    tof_check,
)
from kiosk.storage.calibrations import latest_strip_calibration


class SwitchBody:
    """Nobody on the step, or a load on some strips (newtons), as the test says."""

    def __init__(self) -> None:
        self.loads = (0.0,) * 6
        self.heel_mm = 0.0

    def state_at(self, t: float) -> BodyState:
        on = any(self.loads)
        return BodyState(t, on, self.heel_mm, self.loads)


@pytest.fixture
def body() -> SwitchBody:
    return SwitchBody()


@pytest.fixture
def hardware(body):
    with build_hardware(Config(), body=body) as hw:
        yield hw


@pytest.fixture
def tech(hardware, store, service, tmp_path):
    return TechnicianService(hardware, store, service.accounts, SimulatedClock(), tmp_path / "data",
                             problems=RecentProblems())


def test_live_values_come_from_the_drivers_caches(tech, hardware, body, wait_for):
    body.loads = (200.0,) * 6
    wait_for(lambda: hardware.strips.latest() is not None
             and min(hardware.strips.latest().counts) > 50)
    first = tech.live()
    assert [name for name, _ in first.strips] == ["l_toe", "l_lat", "l_heel", "r_toe",
                                                  "r_lat", "r_heel"]
    assert all(c is not None and c > 50 for _, c in first.strips)
    frames = hardware.tof.counters.frames
    wait_for(lambda: hardware.tof.counters.frames > frames + 10)
    second = tech.live()
    assert second.tof_status == "ok" and second.tof_mm is not None
    assert second.tof_fps > 0
    health = hardware.tof.health()
    assert second.frames_dropped <= health["bad_checksum"] + health["impossible"]
    assert second.reconnects == 0


def test_calibration_steps_refuse_a_loaded_empty_step_and_an_unloaded_strip():
    steps = CalibrationSteps(weight_kg=10)
    refused = steps.accept([(10, 12, 400, 9, 8, 7)] * 5)
    assert refused.problem == "not_empty" and refused.strip == "l_heel"
    assert steps.step == "empty"
    assert steps.accept([]).problem == "no_samples"
    assert steps.accept([(10, 20, 30, 40, 50, 60)] * 5).problem is None
    assert steps.step == "left"
    no_load = steps.accept([(310, 20, 330, 40, 50, 60)] * 5)  # l_lat carries nothing
    assert no_load.problem == "no_load" and no_load.strip == "l_lat"
    assert steps.accept([(310, 170, 330, 40, 50, 60)] * 5).problem is None
    assert steps.accept([(10, 20, 30, 640, 350, 210)] * 5).problem is None
    assert steps.done
    cal = steps.calibration()
    assert cal.baselines == (10, 20, 30, 40, 50, 60)
    assert cal.gains == pytest.approx((1.0, 2.0, 1.0, 0.5, 1.0, 2.0))


def test_calibration_on_the_simulated_step_saved_with_a_date_and_audited(
        tech, body, admin, store, wait_for, hardware):
    steps = CalibrationSteps(weight_kg=10)
    wait_for(lambda: hardware.strips.latest() is not None)
    assert steps.accept(tech.capture_strips(0.3)).problem is None
    body.loads = (150.0, 150.0, 150.0, 0.0, 0.0, 0.0)
    wait_for(lambda: hardware.strips.latest().counts[0] > 50)
    assert steps.accept(tech.capture_strips(0.3)).problem is None
    body.loads = (0.0, 0.0, 0.0, 150.0, 150.0, 150.0)
    wait_for(lambda: hardware.strips.latest().counts[3] > 50)
    assert steps.accept(tech.capture_strips(0.3)).problem is None
    at = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    saved = tech.save_calibration(admin, steps, now=at)
    latest = latest_strip_calibration(store)
    assert latest is not None and latest.id == saved.id
    assert latest.calibrated_at == at and latest.calibrated_by == "Ada Admin"
    assert latest.calibration == steps.calibration()
    entry = store.query("SELECT actor, action FROM audit_log WHERE action = 'calibrate_strips'")
    assert entry == [{"actor": "Ada Admin", "action": "calibrate_strips"}]


def test_only_an_admin_saves_a_calibration_or_sets_the_clock(tech, physio):
    steps = CalibrationSteps()
    for sample in ([(1,) * 6], [(301,) * 6], [(301,) * 6]):
        steps.accept(sample)
    with pytest.raises(StaffRequestError):
        tech.save_calibration(physio, steps)
    with pytest.raises(StaffRequestError):
        tech.set_clock(physio, datetime(2026, 12, 1, 8, 0))
    assert tech.latest_calibration() is None


def test_tof_verdicts():
    assert tof_check([80.0, 80.5, 79.5] * 10).verdict == "ok"
    assert tof_check([None] * 10 + [80.0]).verdict == "no_reading"
    assert tof_check([8.0] * 10).verdict == "too_close"
    assert tof_check([900.0] * 10).verdict == "too_far"
    assert tof_check([70.0, 90.0] * 10).verdict == "noisy"
    down, up = tof_check([80.0] * 10), tof_check([130.0] * 10)
    assert mount_verdict(down, up, "below") == "ok"
    assert mount_verdict(down, up, "above") == "wrong_mount"
    assert mount_verdict(down, tof_check([85.0] * 10), "below") == "no_change"


@pytest.fixture
def steady_tof(monkeypatch):
    """The simulated heel sensor without its dropout bursts (0.2 a second, 20-300 ms, on
    the wall clock): one inside a 0.4 s capture sank its share of readings at random.
    Before ``hardware``, which builds the simulated step with it."""
    monkeypatch.setattr("kiosk.sim.step.DROPOUT_BURSTS_PER_S", 0.0)


def test_tof_capture_on_the_simulated_step(steady_tof, tech, body, hardware, wait_for):
    body.loads = (200.0,) * 6  # somebody stands: the sensor sees the heel
    wait_for(lambda: hardware.tof.latest().status == "ok")
    check = tech.capture_tof(0.4)
    assert check.valid_share > 0.8 and check.mean_mm is not None


def test_light_and_buzzer_test_drive_the_pins(tech, hardware):
    factory = hardware.sim_factory
    lights = hardware.config.lights
    tech._sleep = lambda s: None  # the sequence, not its pace
    for pin in (*lights.bar_pins, *lights.rgb_pins, lights.buzzer_pin):
        factory.pin(pin).clear_states()
    tech.test_lights()
    for pin in lights.bar_pins:  # each bar LED went on, and off at the end
        values = [s.state for s in factory.pin(pin).states]
        assert max(values) > 0 and values[-1] == 0
    for pin in lights.rgb_pins:
        values = [s.state for s in factory.pin(pin).states]
        assert max(values) > 0 and values[-1] == 0
    assert tech.test_buzzer() is True
    buzz = [s.state for s in factory.pin(lights.buzzer_pin).states]
    assert max(buzz) > 0 and buzz[-1] == 0


def test_button_test_counts_presses_instead_of_starting_a_session(tech, hardware):
    started = []
    hardware.button.on_press = lambda: started.append(1)
    pin = hardware.sim_factory.pin(hardware.config.lights.button_pin)
    tech.start_button_test()
    for _ in range(2):
        pin.drive_low()
        pin.drive_high()
        hardware.button._last_press = None  # two deliberate presses, not a bounce
    assert tech.button_presses() == 2 and started == []
    tech.end_button_test()
    pin.drive_low()
    pin.drive_high()
    assert started == [1]


def test_system_facts_and_last_errors(tech):
    logger = logging.getLogger("kiosk.test")
    logger.addHandler(tech.problems)
    try:
        logger.error("ToF port vanished")
        logger.info("not kept")
    finally:
        logger.removeHandler(tech.problems)
    facts = tech.system_facts()
    assert facts.version == "0.1.0"
    assert facts.disk_total_mb and facts.disk_free_mb is not None
    assert facts.kiosk_uptime_s >= 0
    assert len(facts.last_errors) == 1 and "ToF port vanished" in facts.last_errors[0]


def test_set_the_simulated_clock_is_audited(tech, admin, store):
    after = tech.set_clock(admin, datetime(2027, 3, 4, 5, 6, 7))
    assert after.astimezone().replace(tzinfo=None) >= datetime(2027, 3, 4, 5, 6, 7)
    assert (after - tech.clock.now()).total_seconds() < 5
    with pytest.raises(ClockSetError) as refused:
        tech.set_clock(admin, datetime(1999, 1, 1))
    assert refused.value.code == "bad_time"
    assert [r["action"] for r in store.query(
        "SELECT action FROM audit_log WHERE action = 'set_clock'")] == ["set_clock"]


def test_device_notice_stays_until_acknowledged(tech, physio, store):
    tech.report_devices(("tof_simulated", "strips_failed"))
    assert tech.device_notice() == ("tof_simulated", "strips_failed")
    stranger = SimpleNamespace(id="nobody", name="X", role="admin")
    with pytest.raises(StaffRequestError):
        tech.acknowledge_devices(stranger)
    assert tech.device_notice()
    tech.acknowledge_devices(physio)
    assert tech.device_notice() == ()
    rows = store.query("SELECT actor, detail FROM audit_log WHERE action = 'acknowledge_devices'")
    assert len(rows) == 1 and rows[0]["actor"] == "Pia Physio"
    assert "tof_simulated" in rows[0]["detail"]
