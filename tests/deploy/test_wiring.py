"""The Pi page's wiring table matches the config defaults and the Pi's 40-pin header."""

from __future__ import annotations

import re

import pytest
from gpiozero import pi_info

from drivers.mock_mcp3008 import SPI0_CLOCK, SPI0_MISO, SPI0_MOSI, SPI0_SELECT
from kiosk.config import Config
from tests.deploy.conftest import REPO

PAGE = (REPO / "docs" / "pi-install.md").read_text(encoding="utf-8")
# The header is the same on a Pi 4 and a Pi 5; gpiozero knows it by board revision.
HEADERS = {"Pi 4B": pi_info("c03112").headers["J8"], "Pi 5B": pi_info("d04170").headers["J8"]}


def _table() -> list[dict[str, str]]:
    section = PAGE.split("## Wiring", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == ["part", "part pin", "Pi pin", "Pi signal", "MCP3008", "config"]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True))
            for line in lines[2:]]


ROWS = _table()


def _config_value(key: str) -> int:
    value: object = Config()
    for part in key.split("."):
        value = value[int(part)] if part.isdigit() else (
            value[part] if isinstance(value, dict) else getattr(value, part))
    assert isinstance(value, int)
    return value


@pytest.mark.parametrize("board", sorted(HEADERS))
def test_every_pi_pin_carries_the_signal_the_table_says(board):
    pins = HEADERS[board].pins
    for row in ROWS:
        if row["Pi pin"]:
            assert pins[int(row["Pi pin"])].name == row["Pi signal"], row


def test_every_gpio_and_channel_with_a_config_key_matches_its_default():
    for row in ROWS:
        key = row["config"]
        if not key:
            continue
        if key == "strips.spi_device":
            assert row["Pi signal"] == f"GPIO{SPI0_SELECT[Config().strips.spi_device]}"
        elif row["MCP3008"]:
            assert row["MCP3008"] == f"CH{_config_value(key)}", row
        else:
            assert row["Pi signal"] == f"GPIO{_config_value(key)}", row


def test_every_configured_pin_and_channel_is_wired():
    lights = Config().lights
    keys = {row["config"] for row in ROWS}
    expected = {f"lights.bar_pins.{i}" for i in range(len(lights.bar_pins))}
    expected |= {f"lights.rgb_pins.{i}" for i in range(3)}
    expected |= {"lights.buzzer_pin", "lights.button_pin", "strips.spi_device"}
    expected |= {f"strips.channels.{name}" for name in Config().strips.channels}
    assert expected <= keys


def test_spi_and_uart_pins():
    signal = {row["part pin"]: row["Pi signal"] for row in ROWS if row["part"] == "MCP3008"}
    assert signal["13 CLK"] == f"GPIO{SPI0_CLOCK}"
    assert signal["12 DOUT"] == f"GPIO{SPI0_MISO}"
    assert signal["11 DIN"] == f"GPIO{SPI0_MOSI}"
    tof = {row["part pin"]: row["Pi signal"] for row in ROWS if row["part"] == "ToF"}
    assert tof["TX"] == "GPIO15" and tof["RX"] == "GPIO14"  # RXD0 / TXD0


def test_no_gpio_is_used_twice():
    gpios = [row["Pi signal"] for row in ROWS if re.fullmatch(r"GPIO\d+", row["Pi signal"])]
    assert len(gpios) == len(set(gpios))


def test_the_diagrams_exist_and_are_svg():
    for name in ("wiring.svg", "strip-layout.svg"):
        text = (REPO / "assets" / name).read_text(encoding="utf-8")
        assert text.startswith("<svg") and text.rstrip().endswith("</svg>")
        assert f"assets/{name}" in PAGE
