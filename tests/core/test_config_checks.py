"""Config values that only failed later (or never) are refused at load, naming file and key."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.config import parse_config
from kiosk.errors import ConfigError

SOURCE = "/etc/smartstep/config.toml"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"lights": {"buzzer_pin": 5}}, ["'lights.buzzer_pin'", "GPIO 5", "'lights.bar_pins'"]),
        ({"lights": {"button_pin": 16}}, ["'lights.button_pin'", "'lights.rgb_pins'"]),
        ({"lights": {"rgb_pins": [5, 7, 8]}}, ["'lights.rgb_pins'", "GPIO 5"]),
        ({"lights": {"buzzer_pin": 4}}, ["'lights.button_pin'", "'lights.buzzer_pin'", "GPIO 4"]),
        ({"strips": {"backend": "mcp3008"}, "lights": {"button_pin": 10}},
         ["'strips.spi_port'", "SPI0", "GPIO 10", "'lights.button_pin'"]),
        ({"strips": {"backend": "mcp3008", "spi_port": 1}}, ["SPI1", "GPIO 19"]),
        ({"tof": {"backend": "serial"}, "lights": {"buzzer_pin": 14}}, ["'tof.port'", "UART"]),
        ({"session": {"tempo": "abc"}}, ["'session.tempo'", "abc"]),
        ({"session": {"tempo": "2-1-300"}}, ["'session.tempo'"]),
        ({"analysis": {"rep_low_mm": 20.0}}, ["'analysis.rep_low_mm'", "'analysis.rep_high_mm'"]),
        ({"analysis": {"rep_low_mm": 15.0}}, ["'analysis.rep_low_mm'", "below"]),
        ({"step_id": "../../x"}, ["'step_id'", "'../../x'"]),
        ({"step_id": "/tmp/elsewhere"}, ["'step_id'"]),
        ({"step_id": "a" * 41}, ["'step_id'", "1 to 40"]),
        ({"step_id": ""}, ["'step_id'"]),
        ({"step_id": "step 01"}, ["'step_id'"]),
        ({"step_id": "step-01\n"}, ["'step_id'"]),
        ({"step_id": "."}, ["'step_id'"]),
        ({"strips": {"rate_hz": 10**400}}, ["'strips.rate_hz'", "too large"]),
    ],
)
def test_refused_with_the_file_and_the_key(raw, words):
    with pytest.raises(ConfigError) as err:
        parse_config(raw, source=SOURCE)
    message = str(err.value)
    assert message.startswith(f"{SOURCE}: ") and "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("step_id", ["step-01", "A", "kiosk_7-b", "x" * 40])
def test_plain_step_ids_are_accepted(step_id):
    assert parse_config({"step_id": step_id}).step_id == step_id


def test_the_sim_step_with_default_pins_is_fine():
    parse_config({"strips": {"backend": "mcp3008"}, "tof": {"backend": "serial"},
                  "lights": {"backend": "gpio"}})


def test_export_with_a_path_as_step_id_writes_nothing(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text('step_id = "../../escaped"\n')
    stick = tmp_path / "mnt" / "stick"
    stick.mkdir(parents=True)
    assert main(["demo-data", "--patients", "1", "--years", "0.05"]) == 0
    capsys.readouterr()
    assert main(["export", str(stick), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'step_id'" in err and str(config) in err
    assert not (tmp_path / "escaped").exists() and list(stick.iterdir()) == []
