"""Step: one Sample per strip sample, the newest ToF reading attached, one clock."""

from __future__ import annotations

import pytest
from gpiozero import MCP3008

from drivers.strips import PressureStrips
from drivers.tof import HeelHeightSensor
from kiosk.analysis.samples import STRIP_NAMES, Sample
from kiosk.devices.step import Step
from kiosk.sim.step import SimulatedStep


@pytest.fixture
def rig(mock_factory, puppet):
    """A simulated step with the real drivers; the strips are sampled by hand."""
    built = []

    def make(mount="below", noise_mm=0.5):
        sim = SimulatedStep(puppet, mock_factory, mount=mount, tof_noise_mm=noise_mm,
                            tof_rate_hz=200)
        adcs = {n: MCP3008(channel=i, pin_factory=mock_factory) for i, n in enumerate(STRIP_NAMES)}
        strips = PressureStrips(adcs, start=False)
        tof = HeelHeightSensor(sim.tof_port)
        built.extend([tof.close, strips.close, sim.close])
        return sim, strips, tof

    yield make
    for close in built:
        close()


def test_one_sample_per_strip_sample_on_the_step_clock(rig, wait_for):
    _sim, strips, tof = rig()
    step = Step(strips, tof)
    got: list[Sample] = []
    step.subscribe(got.append)
    wait_for(lambda: tof.latest().status == "ok")
    for _ in range(5):
        strips.sample_once()
    assert len(got) == 5
    assert step.latest() is got[-1]
    times = [s.t for s in got]
    assert times == sorted(times) and 0.0 <= times[0] < 10.0
    assert all(len(s.strips) == 6 and s.tof_mm is not None for s in got)
    assert step.status().ok


def test_below_mount_keeps_the_raw_distance(rig, puppet, wait_for):
    puppet.heel_mm = 30.0
    _sim, strips, tof = rig("below")
    step = Step(strips, tof, mount="below")
    wait_for(lambda: tof.latest().status == "ok")
    strips.sample_once()
    assert step.latest().tof_mm == pytest.approx(80 + 30, abs=5)  # mount offset + heel


def test_above_mount_is_negated_so_height_still_grows_upward(rig, puppet, wait_for):
    _sim, strips, tof = rig("above")
    step = Step(strips, tof, mount="above")
    wait_for(lambda: tof.latest().status == "ok")
    strips.sample_once()
    zero = step.latest().tof_mm
    assert zero < 0
    puppet.heel_mm = 50.0
    wait_for(lambda: (tof.latest().distance_mm or 1000) < 260)
    strips.sample_once()
    assert step.latest().tof_mm - zero == pytest.approx(50, abs=6)


def test_disconnected_tof_gives_empty_tof_and_status(rig, wait_for):
    sim, strips, tof = rig()
    step = Step(strips, tof)
    wait_for(lambda: tof.latest().status == "ok")
    sim.unplug_tof()
    wait_for(lambda: tof.latest().status == "disconnected")
    strips.sample_once()
    assert step.latest().tof_mm is None
    assert step.status().tof == "disconnected"
    assert step.latest_tof().status == "disconnected"


def test_unsubscribe_and_close_stop_delivery(rig):
    _sim, strips, tof = rig()
    step = Step(strips, tof)
    got = []
    unsubscribe = step.subscribe(got.append)
    strips.sample_once()
    unsubscribe()
    strips.sample_once()
    assert len(got) == 1
    other = []
    step.subscribe(other.append)
    step.close()
    strips.sample_once()
    assert other == []


def test_bad_mount_rejected(rig):
    _sim, strips, tof = rig()
    with pytest.raises(ValueError, match="mount"):
        Step(strips, tof, mount="sideways")
