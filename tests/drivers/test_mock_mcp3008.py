"""The simulated MCP3008 answers gpiozero's real MCP3008 driver over mock SPI pins."""

from __future__ import annotations

import pytest
from gpiozero import MCP3008, PWMLED

from drivers.errors import DeviceConfigError
from drivers.mock_mcp3008 import MockMCP3008


def test_each_channel_reads_its_counts(mock_factory):
    chip = MockMCP3008(mock_factory, lambda ch: 100 * ch + 7)
    adcs = [MCP3008(channel=ch, pin_factory=mock_factory) for ch in range(8)]
    try:
        assert [adc.raw_value for adc in adcs] == [100 * ch + 7 for ch in range(8)]
        assert chip.conversions == 8
    finally:
        for adc in adcs:
            adc.close()


@pytest.mark.parametrize("counts", [0, 1, 511, 512, 1022, 1023])
def test_full_10_bit_range(mock_factory, counts):
    MockMCP3008(mock_factory, lambda ch: counts)
    with MCP3008(channel=2, pin_factory=mock_factory) as adc:
        assert adc.raw_value == counts


def test_out_of_range_counts_are_clipped(mock_factory):
    MockMCP3008(mock_factory, lambda ch: {0: -20, 1: 5000}[ch])
    with MCP3008(channel=0, pin_factory=mock_factory) as low, \
            MCP3008(channel=1, pin_factory=mock_factory) as high:
        assert low.raw_value == 0
        assert high.raw_value == 1023


def test_second_chip_select(mock_factory):
    MockMCP3008(mock_factory, lambda ch: 300, spi_device=1)
    with MCP3008(channel=0, device=1, pin_factory=mock_factory) as adc:
        assert adc.raw_value == 300
    with pytest.raises(DeviceConfigError):
        MockMCP3008(mock_factory, lambda ch: 0, spi_device=2)


def test_shares_the_factory_with_pwm_devices(mock_factory):
    led = PWMLED(17, pin_factory=mock_factory)
    led.value = 0.5
    MockMCP3008(mock_factory, lambda ch: 42)
    with MCP3008(channel=0, pin_factory=mock_factory) as adc:
        assert adc.raw_value == 42
    assert mock_factory.pin(17).state == 0.5
    led.close()


def test_trim_pin_history_bounds_memory(mock_factory):
    chip = MockMCP3008(mock_factory, lambda ch: 42)
    adc = MCP3008(channel=0, pin_factory=mock_factory)
    values = [adc.raw_value for _ in range(20)]
    assert values == [42] * 20
    assert len(chip.clock_pin.states) > 40
    chip.trim_pin_history()
    assert len(chip.clock_pin.states) == 1
    assert adc.raw_value == 42
    adc.close()
