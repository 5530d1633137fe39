"""Drivers: ToF parser throughput, and CPU share of the sampling layer on the simulated step.

The sampling layer is the strips thread, the ToF reader thread and the tempo
lights (updated here at 50 Hz as the pacer would). On the simulated step the
strips thread also runs the simulation: gpiozero's software SPI bit-banging
over mock pins, our MCP3008 simulator and the simulated body. Per-thread CPU
times (from /proc) and micro-benchmarks split the driver code from that.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import threading
import time

from gpiozero import MCP3008, Device
from gpiozero.pins.mock import MockFactory, MockPWMPin

from drivers.mock_mcp3008 import MockMCP3008
from drivers.strips import PressureStrips
from drivers.tof_protocols import encode_benewake, encode_nlink, make_parser
from kiosk.config import Config
from kiosk.devices.hardware import build_hardware
from kiosk.sim.step import default_body

RUN_S = 5.0
LIGHTS_HZ = 50.0
_TICK = os.sysconf("SC_CLK_TCK")


def _parser_rate(protocol: str, chunk: int, repeats: int = 7) -> tuple[float, float]:
    """Frames per second parsing ``chunk``-byte reads: (median, best) of ``repeats`` runs."""
    encode = encode_nlink if protocol == "nlink" else encode_benewake
    stream = b"".join(encode(100 + i % 900) for i in range(20_000))
    chunks = [stream[i:i + chunk] for i in range(0, len(stream), chunk)]
    rates = []
    for _ in range(repeats):
        parser = make_parser(protocol)
        start = time.perf_counter()
        frames = sum(len(parser.feed(c)) for c in chunks)
        rates.append(frames / (time.perf_counter() - start))
    return statistics.median(rates), max(rates)


def _thread_cpu(native_id: int) -> float:
    """CPU seconds of one thread of this process (Linux /proc, clock-tick resolution)."""
    try:
        with open(f"/proc/self/task/{native_id}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime


def _threads_cpu() -> dict[str, float]:
    out: dict[str, float] = {}
    for thread in threading.enumerate():
        if thread.native_id is not None:
            name = thread.name.split(" /")[0]  # "tof /tmp/..." -> "tof"
            out[name] = out.get(name, 0.0) + _thread_cpu(thread.native_id)
    return out


def _sampling_layer(rate_hz: float) -> tuple[float, list[str]]:
    """Run the whole simulated step; returns (ToF reader + lights share, lines)."""
    base = Config()
    config = dataclasses.replace(
        base,
        strips=dataclasses.replace(base.strips, rate_hz=rate_hz),
        tof=dataclasses.replace(base.tof, sim_rate_hz=min(rate_hz, 350.0)),
    )
    with build_hardware(config, body=default_body()) as hw:
        time.sleep(0.5)  # let the threads settle
        cpu0, wall0, threads0 = time.process_time(), time.perf_counter(), _threads_cpu()
        samples0 = hw.strips.samples
        frames0 = hw.tof.counters.frames
        lit = 0
        period = 1.0 / LIGHTS_HZ
        next_t = time.perf_counter()
        lights_cpu = 0.0
        while time.perf_counter() - wall0 < RUN_S:
            c = time.thread_time()
            lit = (lit + 1) % (hw.lights.bar_length + 1)
            hw.lights.set_bar(lit, 0.8)
            hw.lights.set_colour((0.0, 1.0, 0.0) if lit % 2 else (0.0, 0.0, 1.0))
            lights_cpu += time.thread_time() - c
            next_t += period
            time.sleep(max(0.0, next_t - time.perf_counter()))
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
        threads = {k: v - threads0.get(k, 0.0) for k, v in _threads_cpu().items()}
        samples = hw.strips.samples - samples0
        frames = hw.tof.counters.frames - frames0
    strips_share = threads.get("strips", 0.0) / wall
    tof_share = threads.get("tof", 0.0) / wall
    sim_tof_share = threads.get("sim tof", 0.0) / wall
    return (tof_share + lights_cpu / wall), [
        f"{rate_hz:.0f} Hz asked: {samples / wall:.0f} samples/s achieved, "
        f"ToF {frames / wall:.0f} frames/s",
        f"  whole process CPU {100 * cpu / wall:.1f} % of one core "
        f"(strips thread incl. mock SPI + body {100 * strips_share:.1f} %, "
        f"ToF reader {100 * tof_share:.2f} %, ToF simulator {100 * sim_tof_share:.2f} %, "
        f"lights {100 * lights_cpu / wall:.2f} %)",
    ]


def _strips_thread_share(rate_hz: float, seconds: float = 3.0) -> tuple[float, float]:
    """(CPU share, samples/s) of the strips thread reading free channels: the driver alone."""
    strips = PressureStrips({f"c{i}": _ConstChannel() for i in range(6)}, rate_hz)
    time.sleep(0.2)
    thread = next(t for t in threading.enumerate() if t.name == "strips")
    cpu0, n0, wall0 = _thread_cpu(thread.native_id), strips.samples, time.perf_counter()
    time.sleep(seconds)
    cpu, n = _thread_cpu(thread.native_id) - cpu0, strips.samples - n0
    wall = time.perf_counter() - wall0
    strips.close()
    return cpu / wall, n / wall


class _ConstChannel:
    """An ADC channel that costs nothing: isolates the strips driver's own work."""

    raw_value = 512

    def close(self) -> None:
        pass


def _per_sample_costs(n: int = 2000) -> tuple[float, float, float]:
    """Mean µs per 6-channel sample of: the strips driver, mock SPI, the simulated body."""
    strips = PressureStrips({f"c{i}": _ConstChannel() for i in range(6)}, start=False)
    start = time.perf_counter()
    for _ in range(n):
        strips.sample_once()
    driver_us = (time.perf_counter() - start) / n * 1e6

    factory = MockFactory(pin_class=MockPWMPin)
    previous = Device.pin_factory
    Device.pin_factory = factory
    try:
        chip = MockMCP3008(factory, lambda ch: 300)
        adcs = [MCP3008(channel=ch, pin_factory=factory) for ch in range(6)]
        m = n // 10
        start = time.perf_counter()
        for _ in range(m):
            for adc in adcs:
                adc.raw_value  # noqa: B018 - the read is the work measured
            chip.trim_pin_history()
        spi_us = (time.perf_counter() - start) / m * 1e6
    finally:
        factory.close()
        Device.pin_factory = previous

    body = default_body()
    start = time.perf_counter()
    for i in range(n):
        body.state_at(i * 0.001)
    body_us = (time.perf_counter() - start) / n * 1e6
    return driver_us, spi_us, body_us


def _sleep_floor(rate_hz: float = 1000.0, seconds: float = 2.0) -> float:
    """CPU share of a Python thread that does nothing but wake at ``rate_hz``.

    The least any one-read-per-wake sampler can cost on this machine.
    """
    period = 1.0 / rate_hz
    cpu0, wall0 = time.process_time(), time.perf_counter()
    next_t = time.monotonic()
    for _ in range(int(seconds * rate_hz)):
        next_t += period
        time.sleep(max(0.0, next_t - time.monotonic()))
    return (time.process_time() - cpu0) / (time.perf_counter() - wall0)


def run() -> list[str]:
    lines = []
    for protocol in ("nlink", "benewake"):
        for chunk in (64, 4096):
            median, best = _parser_rate(protocol, chunk)
            lines.append(
                f"ToF parser {protocol}, {chunk}-byte reads: median {median:,.0f} frames/s "
                f"(best {best:,.0f}; goal >= 200,000)"
            )
    driver_us, spi_us, body_us = _per_sample_costs()
    lines.append(
        f"per 6-strip sample: strips driver {driver_us:.1f} us, gpiozero MCP3008 over mock "
        f"SPI {spi_us:.0f} us, simulated body {body_us:.1f} us"
    )
    lines.append(
        f"  -> driver code alone at 1000 Hz: {driver_us * 1000 / 1e4:.2f} % of a core; "
        f"mock SPI at 1000 Hz would need {spi_us * 1000 / 1e4:.0f} %"
    )
    for rate in (100.0, 1000.0):
        others, more = _sampling_layer(rate)
        lines += more
        share, achieved = _strips_thread_share(rate)
        lines.append(
            f"  driver code only at {rate:.0f} Hz (strips thread on free channels "
            f"{100 * share:.2f} %, {achieved:.0f} samples/s; + ToF reader + lights): "
            f"{100 * (share + others):.2f} % of one core (goal < 2 % at 1000 Hz)"
        )
    lines.append(
        f"floor: a thread that only sleeps and wakes 1000 times a second costs "
        f"{100 * _sleep_floor():.2f} % of one core here"
    )
    return lines
