"""The simulated step drives the real drivers: mock SPI for the strips, a pty for the ToF."""

from __future__ import annotations

import os
import time

from gpiozero import MCP3008

from drivers.strips import PressureStrips
from drivers.tof import HeelHeightSensor
from kiosk.analysis.samples import STRIP_NAMES
from kiosk.sim.step import SimulatedStep, default_body


def _strips(factory, rate_hz=100.0, start=False):
    adcs = {n: MCP3008(channel=i, pin_factory=factory) for i, n in enumerate(STRIP_NAMES)}
    return PressureStrips(adcs, rate_hz, start=start)


def test_tof_frames_follow_the_heel(mock_factory, puppet, wait_for):
    with SimulatedStep(puppet, mock_factory, tof_noise_mm=0.5, tof_rate_hz=200) as sim, \
            HeelHeightSensor(sim.tof_port) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        low = tof.latest().distance_mm
        puppet.heel_mm = 60.0
        wait_for(lambda: (tof.latest().distance_mm or 0) > low + 50)
        assert sim.frames_written > 0


def test_benewake_sensor_is_simulated_in_its_own_protocol(mock_factory, puppet, wait_for):
    with SimulatedStep(puppet, mock_factory, protocol="benewake", tof_noise_mm=0.5) as sim, \
            HeelHeightSensor(sim.tof_port, "benewake", 115200) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        low = tof.latest().distance_mm
        puppet.heel_mm = 60.0
        wait_for(lambda: (tof.latest().distance_mm or 0) > low + 50)
        puppet.on_step = False
        wait_for(lambda: tof.latest().status == "no_reading")


def test_nobody_on_the_step_is_no_reading(mock_factory, puppet, wait_for):
    puppet.on_step = False
    with SimulatedStep(puppet, mock_factory) as sim, HeelHeightSensor(sim.tof_port) as tof:
        wait_for(lambda: tof.counters.no_reading > 5)
        assert tof.latest().distance_mm is None


def test_heavier_load_gives_more_counts_and_saturates(mock_factory, puppet):
    with SimulatedStep(puppet, mock_factory) as sim:
        strips = _strips(mock_factory)
        counts = []
        for load in (0.0, 50.0, 200.0, 800.0, 5000.0):
            puppet.load_n = load
            time.sleep(0.002)  # the step re-evaluates the body at most every 0.5 ms
            counts.append(min(strips.sample_once().counts))
        strips.close()
        assert sim.adc.conversions >= 30
    assert counts == sorted(counts)
    assert counts[0] < 30 and counts[-1] > 900
    assert counts[-1] - counts[-2] < counts[2] - counts[1]  # flattens: saturating


def test_unplug_and_replug_the_simulated_uart(mock_factory, puppet, wait_for):
    with SimulatedStep(puppet, mock_factory) as sim, \
            HeelHeightSensor(sim.tof_port, reopen_max_s=1.0) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        sim.unplug_tof()
        assert not os.path.exists(sim.tof_port)
        wait_for(lambda: tof.latest().status == "disconnected")
        assert tof.latest().distance_mm is None
        wait_for(lambda: tof.reopen_wait_s >= 1.0, timeout=5.0)  # back-off at its longest
        sim.replug_tof()
        assert sim.tof_plugged
        assert wait_for(lambda: tof.latest().status == "ok", timeout=4.0) < 2.0


def test_link_faults_are_dropped_not_reported(mock_factory, puppet, wait_for, monkeypatch):
    monkeypatch.setattr("kiosk.sim.step.CORRUPT_P", 0.2)
    monkeypatch.setattr("kiosk.sim.step.GARBAGE_P", 0.2)
    puppet.heel_mm = 20.0
    with SimulatedStep(puppet, mock_factory, tof_rate_hz=500, tof_noise_mm=0.5) as sim, \
            HeelHeightSensor(sim.tof_port) as tof:
        seen = []
        wait_for(lambda: tof.counters.bad_checksum >= 5 and tof.counters.garbage_bytes > 0)
        for _ in range(50):
            if tof.latest().distance_mm is not None:
                seen.append(tof.latest().distance_mm)
            time.sleep(0.002)
    assert seen and all(90 <= d <= 110 for d in seen)  # 80 mm offset + 20 mm heel


def test_close_twice_removes_the_port(mock_factory, puppet):
    sim = SimulatedStep(puppet, mock_factory)
    port = sim.tof_port
    sim.close()
    sim.close()
    assert not os.path.exists(port)


def test_default_body_heel_raises_within_five_seconds():
    body = default_body()
    heights = [body.state_at(i * 0.01).heel_mm for i in range(500)]
    assert max(heights) > 30.0
    assert body.state_at(5.0).on_step
