"""Pulling the USB-UART out and plugging it back in (the sensor protocols)."""

from __future__ import annotations

from drivers.tof import HeelHeightSensor
from drivers.tof_protocols import encode_nlink


def test_unplug_reports_disconnected_without_a_stale_value(fake_uart, wait_for):
    uart = fake_uart(lambda: encode_nlink(140))
    with HeelHeightSensor(str(uart.path)) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        uart.unplug()
        wait_for(lambda: tof.latest().status == "disconnected", timeout=1.0)
        # And it stays so through reopen attempts: never the last distance.
        tries = tof.reopen_wait_s
        wait_for(lambda: tof.reopen_wait_s > tries, timeout=2.0)
        reading = tof.latest()
        assert (reading.status, reading.distance_mm) == ("disconnected", None)


def test_replug_recovers_within_two_seconds(fake_uart, wait_for):
    distance = {"mm": 140}
    uart = fake_uart(lambda: encode_nlink(distance["mm"]))
    with HeelHeightSensor(str(uart.path), reopen_max_s=1.0) as tof:
        wait_for(lambda: tof.latest().status == "ok")
        uart.unplug()
        wait_for(lambda: tof.latest().status == "disconnected")
        # Until the back-off has reached its maximum: the slowest a replug can be seen.
        wait_for(lambda: tof.reopen_wait_s >= 1.0, timeout=5.0)
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
