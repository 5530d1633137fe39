"""A production kiosk names every simulated or silent device (run --fullscreen)."""

from __future__ import annotations

import logging

from kiosk.app import report_devices
from kiosk.config import Config, parse_config
from kiosk.devices.hardware import build_hardware
from kiosk.devices.report import LOG_LINES, device_problems

HEALTHY = {"tof": {"status": "ok"}, "strips": {"status": "ok"}}


def test_all_simulated_names_all_three():
    assert device_problems(Config(), HEALTHY) == (
        "tof_simulated", "strips_simulated", "lights_simulated")


def test_wired_and_answering_is_no_problem():
    config = parse_config({"tof": {"backend": "serial"}, "strips": {"backend": "mcp3008"},
                           "lights": {"backend": "gpio"}})
    assert device_problems(config, HEALTHY) == ()


def test_wired_but_silent_devices():
    config = parse_config({"tof": {"backend": "serial"}, "strips": {"backend": "mcp3008"},
                           "lights": {"backend": "gpio"}})
    health = {"tof": {"status": "disconnected"}, "strips": {"status": "failed"}}
    assert device_problems(config, health) == ("tof_disconnected", "strips_failed")


def test_every_code_has_a_log_line():
    codes = {"tof_simulated", "strips_simulated", "lights_simulated", "tof_disconnected",
             "strips_failed"}
    assert codes <= set(LOG_LINES)


def test_report_logs_a_warning_per_problem(tmp_path, caplog):
    # ToF wired to a port that is not there, strips and lights simulated.
    config = parse_config({"tof": {"backend": "serial", "port": str(tmp_path / "ttyUSB9"),
                                   "reopen_max_s": 0.1}})
    with build_hardware(config) as hw, caplog.at_level(logging.WARNING, logger="kiosk.app"):
        problems = report_devices(config, hw)
    assert problems == ("strips_simulated", "lights_simulated", "tof_disconnected")
    messages = [r.getMessage() for r in caplog.records]
    assert any("SIMULATED" in m and "[strips]" in m for m in messages)
    assert any("does not answer" in m for m in messages)
