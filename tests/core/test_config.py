"""Configuration: the example file documents the defaults; bad files give one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Config, load_config, parse_config
from kiosk.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "assets" / "config.example.toml"


def test_example_file_equals_the_builtin_defaults():
    assert load_config(EXAMPLE).__eq__(Config(source=str(EXAMPLE)))


def test_no_file_anywhere_gives_all_simulated_defaults():
    config = load_config()
    assert config.source is None
    assert (config.tof.backend, config.strips.backend, config.lights.backend) == ("sim",) * 3


def test_environment_variable_names_the_file(tmp_path, monkeypatch):
    file = tmp_path / "c.toml"
    file.write_text('step_id = "clinic-7"\n[tof]\nbackend = "serial"\nport = "/dev/ttyUSB0"\n')
    monkeypatch.setenv("SMARTSTEP_CONFIG", str(file))
    config = load_config()
    assert (config.step_id, config.tof.backend, config.tof.port) == (
        "clinic-7", "serial", "/dev/ttyUSB0",
    )
    assert config.strips.backend == "sim"  # a half-wired step keeps the rest simulated


def test_all_simulated_overrides_every_backend():
    config = parse_config({"tof": {"backend": "serial"}, "lights": {"backend": "gpio"}})
    sim = config.all_simulated()
    assert (sim.tof.backend, sim.strips.backend, sim.lights.backend) == ("sim",) * 3
    assert sim.tof.port == config.tof.port


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"colour": "red"}, ["'colour'", "unknown key"]),
        ({"tof": {"baud": "fast"}}, ["'tof.baud'", "whole number"]),
        ({"tof": {"backend": "serial", "port": ""}}, ["'tof.port'", "serial port"]),
        ({"tof": {"protocol": "lidar"}}, ["'tof.protocol'", "nlink"]),
        ({"lights": {"buzzer_pin": 40}}, ["'lights.buzzer_pin'", "outside 2..27"]),
        ({"lights": {"bar_pins": [5, 5, 6]}}, ["'lights.bar_pins'", "same pin twice"]),
        ({"lights": {"rgb_pins": [1, 2]}}, ["'lights.rgb_pins'"]),
        ({"strips": {"channels": {"l_toe": 0}}}, ["'strips.channels'", "exactly"]),
        ({"strips": {"rate_hz": 5000}}, ["'strips.rate_hz'", "outside"]),
        ({"ui": {"fullscreen": "yes"}}, ["'ui.fullscreen'", "true or false"]),
        ({"analysis": {"max_heel_accel_mm_s2": 50}}, ["'analysis.max_heel_accel_mm_s2'",
                                                      "outside"]),
        ({"analysis": {"settle_s": -1}}, ["'analysis.settle_s'", "outside"]),
        ({"analysis": {"peak_fit_depth": "half"}}, ["'analysis.peak_fit_depth'"]),
        ({"tof": 3}, ["'tof'", "table"]),
        ({"heel_rise": {"fair_noise_mm": 5.0}}, ["'heel_rise.fair_noise_mm'",
                                                  "'heel_rise.poor_noise_mm'"]),
        ({"heel_rise": {"support_margin": 0.9}}, ["'heel_rise.support_margin'", "outside"]),
    ],
)
def test_bad_values_name_the_file_and_the_key(raw, words):
    with pytest.raises(ConfigError) as err:
        parse_config(raw, source="/etc/smartstep/config.toml")
    message = str(err.value)
    assert message.startswith("/etc/smartstep/config.toml: ")
    assert "\n" not in message
    for word in words:
        assert word in message


def test_integers_are_accepted_for_numbers():
    assert parse_config({"strips": {"rate_hz": 200}}).strips.rate_hz == 200.0


def test_command_line_reports_a_broken_file_in_one_line(tmp_path, capsys):
    file = tmp_path / "broken.toml"
    file.write_text("[tof\nport = 1\n")
    code = main(["monitor", "--config", str(file), "--seconds", "0.1"])
    err = capsys.readouterr().err
    assert code == 2
    assert str(file) in err and "not valid TOML" in err
    assert len(err.strip().splitlines()) == 1


def test_command_line_reports_a_missing_file(tmp_path, capsys):
    code = main(["monitor", "--config", str(tmp_path / "nope.toml"), "--seconds", "0.1"])
    assert code == 2
    assert "not found" in capsys.readouterr().err


def test_data_directory_order(tmp_path, monkeypatch):
    config = parse_config({"data_dir": str(tmp_path / "from-config")})
    monkeypatch.setenv("SMARTSTEP_DATA", str(tmp_path / "from-env"))
    assert config.db_path() == tmp_path / "from-env" / "smartstep.db"
    monkeypatch.delenv("SMARTSTEP_DATA")
    assert config.data_path() == tmp_path / "from-config"
    assert Config().data_path().name == "smartstep"
