"""Checks of the wired devices, run on the real drivers (or the simulated step's).

Each check takes a running driver and watches it for ``window_s``: the strips'
counts per channel, the ToF's frames and checksum errors, the lights' pins.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from drivers.strips import PressureStrips, StripReading
from drivers.tof import HeelHeightSensor
from kiosk.doctor.result import CheckResult, failed, passed

# A channel at or above this is pinned to 3.3 V: a shorted strip or a missing
# divider resistor (an FSR at full load reads 800-950 through its divider).
PINNED_COUNTS = 1020
# The analysis needs the heel height at least this often; the sensors give 100 Hz
# (TOFSense, TF-Luna) when set up as the README says.
MIN_TOF_RATE_HZ = 50.0
# Checksum errors above this share of frames mean a bad cable or the wrong baud rate.
MAX_BAD_FRAME_SHARE = 0.05
MIN_ADC_SAMPLES = 5


def watch(window_s: float, sleep: Callable[[float], None] = time.sleep) -> None:
    """Let the drivers' threads run for the measuring window."""
    sleep(window_s)


def collect_strips(strips: PressureStrips) -> tuple[list[StripReading], Callable[[], None]]:
    """Start recording every strip sample; returns the list and the function that stops it."""
    readings: list[StripReading] = []
    strips.subscribe(readings.append)
    return readings, lambda: strips.unsubscribe(readings.append)


def check_adc(names: Sequence[str], channels: dict[str, int],
              readings: Sequence[StripReading], status: str, last_error: str) -> CheckResult:
    """The MCP3008 answered on every channel with counts a divider can give."""
    if len(readings) < MIN_ADC_SAMPLES:
        why = f"{len(readings)} samples" + (f" ({last_error})" if last_error else "")
        return failed("adc", "adc_no_answer", f"strips {status}: {why}")
    pinned = [n for i, n in enumerate(names) if min(r.counts[i] for r in readings) >= PINNED_COUNTS]
    if pinned:
        where = ", ".join(f"{n} (channel {channels[n]})" for n in pinned)
        return failed("adc", "adc_channel_pinned", f"{where} at {PINNED_COUNTS}+ counts")
    if all(c == 0 for r in readings for c in r.counts):
        # A dead chip (or MISO not connected) reads 0 everywhere; so does an empty step
        # with perfect dividers, hence the fix says to press a strip while it runs.
        return failed("adc", "adc_all_zero", f"{len(readings)} samples, every channel 0")
    low = {n: min(r.counts[i] for r in readings) for i, n in enumerate(names)}
    high = {n: max(r.counts[i] for r in readings) for i, n in enumerate(names)}
    spread = ", ".join(f"{n} {low[n]}-{high[n]}" for n in names)
    return passed("adc", f"{len(readings)} samples; {spread}")


def check_tof(sensor: HeelHeightSensor, frames_before: int, bad_before: int,
              window_s: float) -> CheckResult:
    """The ToF sends frames with good checksums at the expected rate."""
    health = sensor.health()
    frames = sensor.counters.frames - frames_before
    bad = sensor.counters.bad_checksum - bad_before
    if health["status"] == "disconnected":
        return failed("tof", "tof_port_unusable", f"{sensor.port}: {health['last_error']}")
    if frames == 0:
        problem = "tof_bad_frames" if bad else "tof_silent"
        setting = f"{sensor.protocol}, {sensor.baud} baud"
        return failed("tof", problem, f"{sensor.port}: no valid frame in {window_s:.1f} s, "
                                      f"{bad} bad checksums ({setting})")
    if bad / (frames + bad) > MAX_BAD_FRAME_SHARE:
        return failed("tof", "tof_bad_frames", f"{bad} of {frames + bad} frames bad")
    rate = frames / window_s
    if rate < MIN_TOF_RATE_HZ:
        return failed("tof", "tof_slow", f"{rate:.0f} frames/s (needs {MIN_TOF_RATE_HZ:.0f})")
    reading = sensor.latest()
    distance = "no reading" if reading.distance_mm is None else f"{reading.distance_mm} mm"
    return passed("tof", f"{rate:.0f} frames/s, {bad} bad, now {distance}")


def check_lights(open_error: str | None, button_pressed: bool) -> CheckResult:
    """LED bar, RGB LED, buzzer and button: their pins opened; the button is not stuck.

    An output cannot be read back, so opening its pins (free, existing, GPIO present)
    is what can be checked; a button held down for the whole check is stuck or shorted.
    """
    if open_error is not None:
        return failed("lights", "lights_unusable", open_error)
    if button_pressed:
        return failed("lights", "button_stuck", "the button reads pressed")
    return passed("lights", "LED bar, RGB LED, buzzer and button pins open")
