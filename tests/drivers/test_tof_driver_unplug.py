"""Pulling the USB-UART out and plugging it back in (the sensor protocols)."""

from __future__ import annotations

import time

from drivers.tof import HeelHeightSensor
from drivers.tof_protocols import encode_nlink


def test_unplug_reports_disconnected_without_a_stale_value(fake_uart, wait_for):
    uart = fake_uart(lambda: encode_nlink(140))
    with HeelHeightSensor(str(uart.path)) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        uart.unplug()
        wait_for(lambda: tof.latest().status == "disconnected", timeout=1.0)
        for _ in range(20):  # and it stays so: never the last distance
            reading = tof.latest()
            assert (reading.status, reading.distance_mm) == ("disconnected", None)
            time.sleep(0.01)


def test_replug_recovers_within_two_seconds(fake_uart, wait_for):
    distance = {"mm": 140}
    uart = fake_uart(lambda: encode_nlink(distance["mm"]))
    with HeelHeightSensor(str(uart.path), reopen_max_s=1.0) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        uart.unplug()
        wait_for(lambda: tof.latest().status == "disconnected")
        time.sleep(1.5)  # long enough for the back-off to reach its maximum
        distance["mm"] = 175
        uart.plug()
        took = wait_for(lambda: tof.latest().distance_mm == 175, timeout=4.0)
        assert took < 2.0
        assert tof.opens == 2


def test_unplug_and_replug_many_times(fake_uart, wait_for):
    uart = fake_uart(lambda: encode_nlink(99))
    with HeelHeightSensor(str(uart.path), reopen_max_s=0.2) as tof:
        for _ in range(3):
            wait_for(lambda: tof.latest().status == "ok")
            uart.unplug()
            wait_for(lambda: tof.latest().status == "disconnected")
            uart.plug()
        wait_for(lambda: tof.latest().status == "ok")
        assert tof.opens == 4
