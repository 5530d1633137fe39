"""Tempo guidance timing: pin changes against the schedule, and drift over 30 minutes.

1. A 5-minute set (2-1-3 s with 1 s rest, lead mode) runs in real time on
   gpiozero mock pins, paced by ``PacerLoop`` on its own thread, while a
   simulated patient feeds heel samples at 100 Hz from another thread (the lock
   traffic of a real session). The same set is replayed on a fake clock: that
   gives every pin change's scheduled time. Error = real time - scheduled time,
   for the phase changes (every boundary's first pin change) and for every pin
   change (bar steps, beeps).
2. Adaptive mode, 45 s with a patient who sometimes lags: event-driven changes
   (the rise after the heel settles, resyncs) measured from the event to the pin.
3. Drift over 30 minutes: (a) schedule arithmetic, every phase start of a
   30-minute set against exact rational arithmetic; (b) the engine replayed on a
   fake clock for 30 minutes, entered boundaries against the schedule; (c) the
   real run's error trend (slope of error over time) extrapolated to 30 minutes.

``SMARTSTEP_BENCH_PACING_S`` shortens the real-time set (for a quick look).
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import threading
import time
from fractions import Fraction

from gpiozero.pins.mock import MockFactory, MockPWMPin

from drivers.lights import Beeper, TempoLights
from kiosk.pacing import Pacer, PacerLoop, build_set
from kiosk.programme import Programme, Tempo

BAR = [5, 6, 13, 19, 26]
RGB = [16, 20, 21]
BUZZER = 12
PINS = [*BAR, *RGB, BUZZER]
TEMPO = Tempo(2.0, 1.0, 3.0, 1.0)
# The loop as the kiosk runs it: SCHED_FIFO when allowed, 1 ms GIL switch interval.
LOOP = {"realtime": True, "switch_interval_s": 0.001}
REALTIME: list[bool] = []  # whether each run got SCHED_FIFO


class StampPin(MockPWMPin):
    """A mock PWM pin that keeps each change's absolute time from a settable clock."""

    clock = staticmethod(time.monotonic)

    def __init__(self, factory, info):
        self.stamps: list[tuple[float, float]] = []
        super().__init__(factory, info)

    def _change_state(self, value):
        changed = super()._change_state(value)
        if changed:
            self.stamps.append((type(self).clock(), float(value)))
        return changed


class FakeClock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def _outputs(factory: MockFactory) -> tuple[TempoLights, Beeper]:
    return TempoLights(BAR, RGB, 1.0, factory), Beeper(BUZZER, 0.6, False, factory)


def _stamps(factory: MockFactory) -> dict[int, list[tuple[float, float]]]:
    return {n: list(factory.pin(n).stamps) for n in PINS}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def _programme(seconds: float) -> Programme:
    reps = max(1, int((seconds - 3.0 - 1.5) // TEMPO.rep_s))
    return Programme(reps=reps, sets=1, tempo=TEMPO, rest_between_sets_s=0.0)


def _replay(programme: Programme, t0: float, mode: str = "lead") -> tuple[dict, Pacer]:
    """The schedule's pin changes: the same code on a fake clock."""
    clock = FakeClock(t0)
    StampPin.clock = staticmethod(clock)
    factory = MockFactory(pin_class=StampPin)
    lights, beeper = _outputs(factory)
    pacer = Pacer(programme, lights, beeper, mode=mode, clock=clock)
    pacer.start_set(1, at=t0)
    pacer.update(t0)
    while (due := pacer.next_change(clock.t)) is not None:
        clock.t = due
        pacer.update(due)
    stamps = _stamps(factory)
    lights.close()
    beeper.close()
    StampPin.clock = staticmethod(time.monotonic)
    return stamps, pacer


def _follower(pacer: Pacer, stop: threading.Event, lag_s: float = 0.0) -> threading.Thread:
    """A patient doing what the lights ask (``lag_s`` late), 100 heel samples a second."""
    heights = {"rise": 20.0, "hold": 40.0, "lower": 20.0}

    def feed() -> None:
        history: list[tuple[float, str]] = []
        next_t = time.monotonic()
        while not stop.is_set():
            now = time.monotonic()
            history.append((now, pacer.snapshot(now).asked_phase))
            seen = [p for t, p in history if t <= now - lag_s]
            asked = seen[-1] if seen else "rest"
            history = history[-200:]
            pacer.on_heel(now, heights.get(asked, 0.0), asked if asked in heights else "rest")
            next_t += 0.01
            time.sleep(max(0.0, next_t - time.monotonic()))

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def _real_run(
    programme: Programme, mode: str, lag_s: float, **loop_options: object
) -> tuple[dict, Pacer, float]:
    factory = MockFactory(pin_class=StampPin)
    lights, beeper = _outputs(factory)
    pacer = Pacer(programme, lights, beeper, mode=mode)
    t0 = time.monotonic() + 0.2
    pacer.start_set(1, at=t0)
    stop = threading.Event()
    with PacerLoop(pacer, **loop_options) as loop:
        feeder = _follower(pacer, stop, lag_s)
        while not pacer.done:
            time.sleep(0.1)
        stop.set()
        feeder.join()
        if loop.error:
            raise RuntimeError(loop.error)
        REALTIME.append(loop.realtime)
    stamps = _stamps(factory)
    lights.close()
    beeper.close()
    return stamps, pacer, t0


def _errors(real: dict, planned: dict) -> tuple[list[float], list[tuple[float, float]], int]:
    """Per pin, zip the real and scheduled changes: (errors, (scheduled t, error), mismatches)."""
    errors, timeline, mismatches = [], [], 0
    for n in PINS:
        r, p = real[n], planned[n]
        mismatches += abs(len(r) - len(p))
        for (rt, rv), (pt, pv) in zip(r, p, strict=False):
            if abs(rv - pv) > 1e-9:
                mismatches += 1
                continue
            errors.append(rt - pt)
            timeline.append((pt, rt - pt))
    return errors, timeline, mismatches


def _phase_errors(real: dict, pacer: Pacer, window: float = 0.1) -> list[float]:
    """Each boundary's first pin change (any pin) against the boundary's time."""
    changes = sorted(t for n in PINS for t, _ in real[n])
    out = []
    for b in pacer.boundaries:
        near = [t - b.t for t in changes if -window <= t - b.t <= window]
        if near:
            out.append(min(near, key=abs))
    return out


def _drift_arithmetic() -> float:
    """Worst gap between a 30-minute set's float phase starts and exact arithmetic (s)."""
    reps = math.ceil(1800 / TEMPO.rep_s)
    schedule = build_set(Programme(reps=100, tempo=TEMPO))
    worst = 0.0
    exact_tempo = [Fraction(x) for x in (TEMPO.up_s, TEMPO.hold_s, TEMPO.down_s, TEMPO.rest_s)]
    cycle = sum(exact_tempo)
    for rep in range(1, reps + 1):
        for kind, k in (("rise", 0), ("hold", 1), ("lower", 2), ("rest", 3)):
            exact = 3 + (rep - 1) * cycle + sum(exact_tempo[:k])
            worst = max(worst, abs(float(Fraction(schedule.boundary(rep, kind)) - exact)))
    return worst


def _drift_engine() -> float:
    """A 38-minute session (3 sets of 100 reps at 7 s, 60 s rests) of the engine on a fake
    clock, each set started where the previous set's schedule ends: entered boundaries
    against exact rational arithmetic from the session's start (s)."""
    programme = Programme(reps=100, sets=3, tempo=TEMPO, rest_between_sets_s=60.0)
    t0 = Fraction(12345.678)
    clock = FakeClock(float(t0))
    pacer = Pacer(programme, None, None, mode="lead", clock=clock)
    worst, set_start = 0.0, Fraction(0)
    for set_index in (1, 2, 3):
        schedule = pacer.start_set(set_index, at=float(t0 + set_start))
        pacer.update(clock.t)
        while (due := pacer.next_change(clock.t)) is not None:
            clock.t = due
            pacer.update(due)
        entered = [b for b in pacer.boundaries if b.t >= float(t0 + set_start)]
        assert len(entered) == len(schedule.phases)  # lead: every phase, in order
        for b, phase in zip(entered, schedule.phases, strict=True):
            want = t0 + set_start + Fraction(phase.start)
            worst = max(worst, abs(float(Fraction(b.t) - want)))
        set_start += Fraction(schedule.end())
    return worst


def run() -> list[str]:
    seconds = float(os.environ.get("SMARTSTEP_BENCH_PACING_S", "300"))
    lines = []
    # 1. lead mode, real time vs the replayed schedule
    programme = _programme(seconds)
    switch = sys.getswitchinterval()
    real, pacer, t0 = _real_run(programme, "lead", lag_s=0.0, **LOOP)
    planned, _ = _replay(programme, t0)
    errors, timeline, mismatches = _errors(real, planned)
    phase = _phase_errors(real, pacer)
    ms = [abs(e) * 1000 for e in errors]
    pms = [abs(e) * 1000 for e in phase]
    length = programme.reps * TEMPO.rep_s + 4.5
    lines.append(
        f"lead set {length:.0f} s real time ({programme.reps} reps of {TEMPO.label()}/"
        f"{TEMPO.rest_s:g}), patient feeding 100 Hz; SCHED_FIFO {REALTIME[-1]}, "
        f"GIL switch {LOOP['switch_interval_s'] * 1000:g} ms"
    )
    lines.append(
        f"phase changes on pins vs schedule: n={len(pms)} p50={statistics.median(pms):.3f} ms "
        f"p99={_pct(pms, 0.99):.3f} ms max={max(pms):.3f} ms (goal p99 <= 5 ms)"
    )
    lines.append(
        f"every pin change vs schedule: n={len(ms)} p50={statistics.median(ms):.3f} ms "
        f"p99={_pct(ms, 0.99):.3f} ms max={max(ms):.3f} ms; state mismatches {mismatches}"
    )
    # 3c. error trend over the real run: median error of the first and last fifth.
    timeline.sort()
    fifth = max(1, len(timeline) // 5)
    first, last = timeline[:fifth], timeline[-fifth:]
    early = statistics.median(e for _, e in first)
    late = statistics.median(e for _, e in last)
    span = statistics.median(t for t, _ in last) - statistics.median(t for t, _ in first)
    per_30 = (late - early) / span * 1800 if span > 0 else 0.0
    lines.append(
        f"error trend over the real run: median {early * 1000:.3f} ms (first fifth) -> "
        f"{late * 1000:.3f} ms (last fifth) over {span:.0f} s; extrapolated "
        f"{per_30 * 1000:+.3f} ms per 30 min (goal < 10 ms)"
    )
    lines.append(f"drift, 30 min schedule arithmetic vs exact: {_drift_arithmetic() * 1e9:.3f} ns")
    lines.append(
        f"drift, 38 min 3-set session, engine on a fake clock vs exact: "
        f"{_drift_engine() * 1e9:.3f} ns"
    )
    # 2. adaptive: event-driven changes, event -> pin
    short = Programme(reps=4, sets=1, tempo=TEMPO, rest_between_sets_s=0.0)
    real_a, pacer_a, _ = _real_run(short, "adaptive", lag_s=0.15, **LOOP)
    sys.setswitchinterval(switch)
    event_ms = [abs(e) * 1000 for e in _phase_errors(real_a, pacer_a)]
    lines.append(
        f"adaptive {len(pacer_a.boundaries)} boundaries (patient 150 ms late, "
        f"{pacer_a.resyncs} resyncs): pin vs boundary p50={statistics.median(event_ms):.3f} ms "
        f"p99={_pct(event_ms, 0.99):.3f} ms"
    )
    return lines


if __name__ == "__main__":
    for line in run():
        print(line)
