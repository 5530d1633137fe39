"""Movement analysis: ``analyze`` on a 1-hour 200 Hz recording, and the live cost per sample.

``smartstep analyze`` parses a large file in a second process (both cores);
the in-process figure shows what one core does. The analysis runs compiled
(mypyc, ``setup.py``) when built; the plain-Python figure is the fallback's.

Goals: ``analyze`` >= 2,000x real time with CSV parsing (first 1,000x), <= 100 MB
peak memory (a streaming reader), and <= 10 us per sample for the live engine (first
20 us). The wall time depends on what else
the two shared cores run; the CPU figures less so.
"""

from __future__ import annotations

import gc
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.analysis import BUILD
from kiosk.analysis.build import PURE_ENV
from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.samples import Sample

RATE_HZ = 200.0
HOUR_S = 3600.0
BLOCK_S = 60.0  # one minute of reps, repeated to make the hour


def _block(seed: int = 1) -> list[tuple[float, float | None, tuple[int, ...]]]:
    """One minute of a person doing 2-1-2 reps with 1 s rests, noisy sensors, at 200 Hz."""
    rng = random.Random(seed)
    rows = []
    n = int(BLOCK_S * RATE_HZ)
    for k in range(n):
        t = k / RATE_HZ
        # Nine reps a minute, 6 s apart, the last one over by 57 s.
        u = (t - 3.0) % 6.0 if 3.0 <= t < 57.0 else -1.0
        if u < 0 or u >= 5.0:
            heel = 0.0
        elif u < 2.0:
            heel = 35.0 * (1 - math.cos(math.pi * u / 2.0))
        elif u < 3.0:
            heel = 70.0
        else:
            heel = 35.0 * (1 + math.cos(math.pi * (u - 3.0) / 2.0))
        tof: float | None = round(80.0 + heel + rng.gauss(0, 2.0))
        if rng.random() < 0.002:
            tof = None
        up = min(1.0, heel / 20.0)
        fore = 350 * (0.4 + 0.6 * up)
        back = 350 * 0.6 * (1 - up)
        counts = [fore * 0.55, fore * 0.45, back] * 2
        strips = tuple(min(1023, max(0, round(8 + 1015 * (f / 300) / (1 + f / 300)
                                                + rng.gauss(0, 1.5)))) for f in counts)
        rows.append((t, tof, strips))
    return rows


def write_hour(path: Path) -> int:
    """Write the 1-hour recording (the block repeated); returns the number of samples."""
    block = _block()
    count = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel\n")
        for rep in range(int(HOUR_S / BLOCK_S)):
            offset = rep * BLOCK_S
            lines = []
            for t, tof, s in block:
                tof_text = "" if tof is None else f"{tof:g}"
                lines.append(f"{t + offset:.5f},{tof_text},{s[0]},{s[1]},{s[2]},"
                             f"{s[3]},{s[4]},{s[5]}\n")
            f.write("".join(lines))
            count += len(block)
    return count


def _analyze_subprocess(path: Path, pure: bool = False) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MB, reps) of `smartstep analyze --json` in a child process:
    the run with the median wall time of three (the two cores are often shared)."""
    exe = Path(sys.executable).with_name("smartstep")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kiosk"]
    env = {k: v for k, v in os.environ.items() if k != PURE_ENV}
    if pure:
        env[PURE_ENV] = "1"
    runs = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run([*cmd, "analyze", str(path), "--json"], capture_output=True,
                             text=True, check=True, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append((wall, cpu, after.ru_maxrss / 1024, out.stdout.count('"start_s"')))
    return sorted(runs)[1]


def _one_process_s(path: Path) -> tuple[float, float]:
    """(wall s, CPU s) of ``analyze_file`` parsing in this process (no second core)."""
    from kiosk.analysis.offline import analyze_file

    start, cpu = time.perf_counter(), time.process_time()
    analyze_file(str(path))
    return time.perf_counter() - start, time.process_time() - cpu


def _split_cpu_s(path: Path) -> tuple[float, float]:
    """(CPU s to parse the whole file, CPU s of the engine on it) measured apart: the
    engine runs on the parsed chunks of the first ten minutes, scaled to the hour."""
    from kiosk.analysis.recording import read_columns

    start = time.process_time()
    kept = []
    for chunk in read_columns(path):
        if sum(len(c[0]) for c in kept) < RATE_HZ * HOUR_S / 6:
            kept.append(chunk)
    parse = time.process_time() - start
    engine = MovementEngine()
    feed = engine.feed_values
    gc.disable()  # as analyze_file does
    start = time.process_time()
    for ts, tofs, strips in kept:
        for t, tof, counts in zip(ts, tofs, strips, strict=True):
            feed(t, tof, counts)
    engine.finish()
    gc.enable()
    share = sum(len(c[0]) for c in kept) / (RATE_HZ * HOUR_S)
    return parse, (time.process_time() - start) / share


def _live_cost_us(rows: list[tuple[float, float | None, tuple[int, ...]]]) -> float:
    """Median per-sample cost of engine.feed(Sample) over a few runs of the block."""
    samples = [Sample(t, tof, s) for t, tof, s in rows]  # type: ignore[arg-type]
    runs = []
    for _ in range(3):
        engine = MovementEngine()
        # CPU time: the 2-core test machine is often shared with other jobs.
        start = time.process_time()
        for sample in samples:
            engine.feed(sample)
        runs.append((time.process_time() - start) / len(samples) * 1e6)
    return statistics.median(runs)


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hour.csv"
        n = write_hour(path)
        size_mb = path.stat().st_size / 1e6
        wall, cpu, rss_mb, reps = _analyze_subprocess(path)
        pure_wall, pure_cpu, _, pure_reps = _analyze_subprocess(path, pure=True)
        one_wall, one_cpu = _one_process_s(path)
        parse_cpu, engine_cpu = _split_cpu_s(path)
    live_us = _live_cost_us(_block())
    return [
        f"analysis build: {BUILD.value}",
        f"analyze 1 h at 200 Hz ({n} samples, {size_mb:.0f} MB CSV, {reps} reps): "
        f"{wall:.2f} s wall = {HOUR_S / wall:,.0f}x real time; {cpu:.2f} s CPU = "
        f"{HOUR_S / cpu:,.0f}x (goal >= 2,000x; median of 3 runs)",
        f"same, the analysis as plain Python ({PURE_ENV}=1, {pure_reps} reps): "
        f"{pure_wall:.2f} s wall = {HOUR_S / pure_wall:,.0f}x; {pure_cpu:.2f} s CPU",
        f"same, parsing in the analysing process (analyze_file): {one_wall:.2f} s wall = "
        f"{HOUR_S / one_wall:,.0f}x; {one_cpu:.2f} s CPU = {HOUR_S / one_cpu:,.0f}x",
        f"apart: parsing {parse_cpu:.2f} s CPU ({parse_cpu / n * 1e6:.2f} us a sample), "
        f"engine {engine_cpu:.2f} s CPU ({engine_cpu / n * 1e6:.2f} us a sample)",
        f"analyze peak memory (child max RSS): {rss_mb:.0f} MB (goal <= 100 MB)",
        f"live engine feed(Sample): {live_us:.2f} us CPU per sample, median of 3 runs "
        f"(goal <= 10 us)",
    ]
