"""The strips driver samples MCP3008 channels over mock SPI on its own thread."""

from __future__ import annotations

import threading

import pytest
from gpiozero import MCP3008

from drivers.errors import DeviceConfigError
from drivers.mock_mcp3008 import MockMCP3008
from drivers.strips import PressureStrips

NAMES = ("l_toe", "l_lat", "l_heel", "r_toe", "r_lat", "r_heel")


def _adcs(factory, channels=range(6)):
    pairs = zip(NAMES, channels, strict=True)
    return {name: MCP3008(channel=ch, pin_factory=factory) for name, ch in pairs}


def test_sample_once_reads_in_channel_map_order(mock_factory):
    MockMCP3008(mock_factory, lambda ch: 10 * ch)
    # Wired in reverse: l_toe on channel 5 ... r_heel on channel 0.
    strips = PressureStrips(_adcs(mock_factory, range(5, -1, -1)), start=False)
    reading = strips.sample_once()
    assert reading.counts == (50, 40, 30, 20, 10, 0)
    assert strips.latest() is reading
    assert strips.status == "ok"
    strips.close()


def test_thread_samples_with_monotonic_stamps_and_subscribers(mock_factory, wait_for):
    MockMCP3008(mock_factory, lambda ch: 500)
    got = []
    strips = PressureStrips(_adcs(mock_factory), rate_hz=200)
    strips.subscribe(got.append)
    wait_for(lambda: len(got) >= 20)
    strips.close()
    times = [r.t for r in got]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert all(r.counts == (500,) * 6 for r in got)
    assert strips.health()["samples"] >= 20


def test_failing_bus_turns_status_failed_and_keeps_trying():
    broken = threading.Event()

    class FlakyChannel:
        @property
        def raw_value(self):
            if broken.is_set():
                raise OSError("SPI bus gone")
            return 7

        def close(self):
            pass

    strips = PressureStrips({n: FlakyChannel() for n in NAMES}, start=False)
    assert strips.sample_once().counts == (7,) * 6
    broken.set()
    for _ in range(3):
        assert strips.sample_once() is None
    assert strips.status == "failed"
    assert "SPI bus gone" in strips.health()["last_error"]
    broken.clear()
    assert strips.sample_once() is not None
    assert strips.status == "ok"


def test_a_broken_subscriber_does_not_stop_sampling(mock_factory):
    MockMCP3008(mock_factory, lambda ch: 1)
    strips = PressureStrips(_adcs(mock_factory), start=False)
    strips.subscribe(lambda r: 1 / 0)
    assert strips.sample_once() is not None
    assert strips.subscriber_errors == 1
    strips.close()


def test_rate_outside_limits_rejected(mock_factory):
    with pytest.raises(DeviceConfigError):
        PressureStrips({}, rate_hz=5000)


def test_close_twice_and_closes_the_channels(mock_factory):
    MockMCP3008(mock_factory, lambda ch: 1)
    adcs = _adcs(mock_factory)
    strips = PressureStrips(adcs, rate_hz=100)
    strips.close()
    strips.close()
    assert all(adc.closed for adc in adcs.values())
