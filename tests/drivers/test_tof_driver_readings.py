"""The ToF driver reads real frames through pyserial from a pty."""

from __future__ import annotations

import pytest

from drivers.tof import HeelHeightSensor
from drivers.tof_protocols import encode_benewake, encode_nlink


@pytest.mark.parametrize(
    ("protocol", "baud", "encode"),
    [("nlink", 921600, encode_nlink), ("benewake", 115200, encode_benewake)],
)
def test_reads_distances(fake_uart, wait_for, protocol, baud, encode):
    distance = {"mm": 150}
    uart = fake_uart(lambda: encode(distance["mm"]))
    with HeelHeightSensor(str(uart.path), protocol, baud) as tof:
        wait_for(lambda: tof.latest().distance_mm == 150)
        assert tof.latest().status == "ok"
        distance["mm"] = 190
        wait_for(lambda: tof.latest().distance_mm == 190)
        assert tof.health()["frames"] > 0


def test_no_reading_frames_give_no_reading(fake_uart, wait_for):
    uart = fake_uart(lambda: encode_nlink(0, status=1, strength=0))
    with HeelHeightSensor(str(uart.path)) as tof:
        wait_for(lambda: tof.counters.no_reading > 3)
        reading = tof.latest()
        assert (reading.status, reading.distance_mm) == ("no_reading", None)


def test_silent_sensor_goes_stale(fake_uart, wait_for):
    frames = {"on": True}
    uart = fake_uart(lambda: encode_nlink(120) if frames["on"] else b"")
    with HeelHeightSensor(str(uart.path), stale_s=0.1) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        frames["on"] = False
        wait_for(lambda: tof.latest().status == "no_reading")
        assert tof.latest().distance_mm is None


def test_missing_port_is_disconnected_not_an_error(tmp_path, wait_for):
    with HeelHeightSensor(str(tmp_path / "nothing-here")) as tof:
        wait_for(lambda: tof.health()["last_error"] != "")
        assert tof.latest().status == "disconnected"
        assert tof.latest().distance_mm is None
        assert tof.opens == 0


def test_close_is_safe_twice(fake_uart):
    uart = fake_uart(lambda: encode_nlink(100))
    tof = HeelHeightSensor(str(uart.path))
    tof.close()
    tof.close()
    assert tof.latest().status == "disconnected"
