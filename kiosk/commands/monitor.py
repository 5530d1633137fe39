"""``smartstep monitor``: live sensor readings, for checking the wiring.

With ``--jsonl`` one JSON object per sample on stdout (the command-line contract):
``{"t": s, "tof_mm": mm or null, "tof_status": ..., "strips": {"l_toe": counts, ...}}``
where ``tof_mm`` is the sample's value (the raw distance; negated for
``mount = "above"``, see ``kiosk.devices.step``). Without it, a readable table about
ten rows a second and a summary of the devices' health at the end. It stops
after ``--seconds`` (else on Ctrl-C) and exits 0 even when a device failed:
that is what the installer is looking for.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import TextIO

from kiosk.analysis.samples import STRIP_NAMES, Sample
from kiosk.commands.options import add_config_option, config_from, positive_float
from kiosk.devices.hardware import build_hardware

TABLE_ROWS_PER_S = 10.0
HEADER_EVERY = 20


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("monitor", help="live sensor readings, for wiring checks")
    add_config_option(p)
    p.add_argument("--sim", action="store_true", help="use the simulated step")
    p.add_argument("--seconds", type=positive_float, help="stop after S seconds")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per sample")


def run(args: argparse.Namespace) -> int:
    """Run the monitor for ``args.seconds`` (None: until interrupted)."""
    config = config_from(args)
    if args.sim:
        config = config.all_simulated()
    out = sys.stdout
    samples: queue.SimpleQueue[tuple[Sample, str]] = queue.SimpleQueue()
    with _stop_on_termination(), build_hardware(config) as hardware:
        step = hardware.step

        def on_sample(sample: Sample) -> None:
            # On the sampling thread: only queue it, print on the main thread.
            samples.put((sample, step.latest_tof().status))

        step.subscribe(on_sample)
        deadline = None if args.seconds is None else time.monotonic() + args.seconds
        try:
            if args.jsonl:
                _print_jsonl(samples, deadline, out)
            else:
                _print_table(samples, deadline, out)
        except KeyboardInterrupt:
            pass
        if not args.jsonl:
            _print_health(hardware.health(), out)
    out.flush()
    return 0


@contextlib.contextmanager
def _stop_on_termination() -> Iterator[None]:
    """SIGTERM (``kill``, systemd) and SIGHUP (terminal closed) stop the monitor like Ctrl-C,
    so the devices close: the simulated step's pty folder in /tmp is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def sample_json(sample: Sample, tof_status: str) -> str:
    """One ``--jsonl`` line (without the newline)."""
    return json.dumps({
        "t": round(sample.t, 4),
        "tof_mm": sample.tof_mm,
        "tof_status": tof_status,
        "strips": dict(zip(STRIP_NAMES, sample.strips, strict=True)),
    }, separators=(",", ":"))


def _next(samples: queue.SimpleQueue, deadline: float | None) -> tuple[Sample, str] | None:
    """The next queued sample, or None once the deadline passed."""
    while True:
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            return None
        timeout = 0.1 if deadline is None else min(0.1, deadline - now)
        try:
            return samples.get(timeout=timeout)
        except queue.Empty:
            continue


def _print_jsonl(samples: queue.SimpleQueue, deadline: float | None, out: TextIO) -> None:
    while (item := _next(samples, deadline)) is not None:
        out.write(sample_json(*item) + "\n")


def _print_table(samples: queue.SimpleQueue, deadline: float | None, out: TextIO) -> None:
    header = f"{'t s':>8} {'ToF mm':>7} {'ToF':<12}" + "".join(f"{n:>7}" for n in STRIP_NAMES)
    rows = 0
    next_row = 0.0
    while (item := _next(samples, deadline)) is not None:
        sample, status = item
        if sample.t < next_row:
            continue  # ten rows a second are enough to read
        next_row = sample.t + 1.0 / TABLE_ROWS_PER_S
        if rows % HEADER_EVERY == 0:
            out.write(header + "\n")
        tof = "-" if sample.tof_mm is None else f"{sample.tof_mm:.0f}"
        out.write(f"{sample.t:8.2f} {tof:>7} {status:<12}"
                  + "".join(f"{c:7d}" for c in sample.strips) + "\n")
        out.flush()
        rows += 1


def _print_health(health: dict[str, dict[str, object]], out: TextIO) -> None:
    out.write("\ndevice health:\n")
    for device, info in health.items():
        details = ", ".join(f"{k}={v}" for k, v in info.items() if v not in ("", None))
        out.write(f"  {device:<7} {details}\n")
