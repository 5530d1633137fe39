"""Synthetic step recordings for the analysis tests: a person with known reps.

Heel trajectory: still stance, then raised-cosine rises and lowerings with
holds and rests; strips from a simple split of the body weight; optional ToF
noise, single-sample spikes, dropouts and drift. Deterministic (seeded).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from kiosk.analysis.samples import Sample


@dataclass
class RepSpec:
    peak_mm: float = 70.0
    up_s: float = 1.5
    hold_s: float = 0.5
    down_s: float = 2.0
    rest_s: float = 1.0
    stance: str = "both"  # both / left / right / ecc_left / ecc_right
    lateral_top: bool = False  # ankles out at the top
    medial_lower: bool = False  # heels in while lowering


@dataclass
class Script:
    reps: list[RepSpec] = field(default_factory=list)
    lead_s: float = 3.0  # still stance before the first rep
    empty_s: float = 0.0  # empty step before stepping on
    tail_s: float = 2.0
    rate_hz: float = 200.0
    jitter: float = 0.0  # fraction of the sample interval
    noise_mm: float = 0.0
    spike_rate: float = 0.0
    dropouts: list[tuple[float, float]] = field(default_factory=list)  # (start, length)
    # The reading sits at the step edge's level (heel height edge_mm) for a while.
    edge_hits: list[tuple[float, float]] = field(default_factory=list)  # (start, length)
    edge_mm: float = 0.0
    resolution_mm: float = 0.1  # readings are whole multiples of this
    drift_mm_per_min: float = 0.0
    offset_mm: float = 80.0
    mount: str = "below"
    seed: int = 1


def _counts(force: float) -> int:
    x = max(0.0, force) / 300.0
    return min(1023, round(8 + 1015 * x / (1 + x)))


def _phase_at(script: Script, t: float) -> tuple[float, RepSpec | None, str]:
    """(heel mm, rep, phase) at time t."""
    u = t - script.empty_s - script.lead_s
    if u < 0:
        return 0.0, None, "rest"
    for rep in script.reps:
        if u < rep.up_s:
            return rep.peak_mm * (1 - math.cos(math.pi * u / rep.up_s)) / 2, rep, "rise"
        u -= rep.up_s
        if u < rep.hold_s:
            return rep.peak_mm, rep, "hold"
        u -= rep.hold_s
        if u < rep.down_s:
            return rep.peak_mm * (1 + math.cos(math.pi * u / rep.down_s)) / 2, rep, "lower"
        u -= rep.down_s
        if u < rep.rest_s:
            return 0.0, rep, "rest"
        u -= rep.rest_s
    return 0.0, None, "rest"


def duration(script: Script) -> float:
    reps = sum(r.up_s + r.hold_s + r.down_s + r.rest_s for r in script.reps)
    return script.empty_s + script.lead_s + reps + script.tail_s


def samples(script: Script) -> list[Sample]:
    rng = random.Random(script.seed)
    out: list[Sample] = []
    dt = 1.0 / script.rate_hz
    t = 0.0
    end = duration(script)
    while t < end:
        on_step = t >= script.empty_s
        heel, rep, phase = _phase_at(script, t)
        if not on_step:
            strips = tuple(_counts(0) + rng.randint(-2, 2) for _ in range(6))
            tof = None
        else:
            stance = rep.stance if rep else "both"
            left = 0.5
            if stance == "left" or (stance == "ecc_left" and phase == "lower"):
                left = 1.0
            elif stance == "right" or (stance == "ecc_right" and phase == "lower"):
                left = 0.0
            body = 700.0
            up = min(1.0, heel / 20.0)  # weight moves to the forefoot as the heel rises
            toe_share, lat_share = 0.55, 0.45
            if rep and rep.lateral_top and phase == "hold":
                toe_share, lat_share = 0.25, 0.75
            if rep and rep.medial_lower and phase == "lower":
                toe_share, lat_share = 0.92, 0.08
            forces = []
            for foot in (left, 1 - left):
                fore = body * foot * (0.4 + 0.6 * up)
                heel_f = body * foot * 0.6 * (1 - up)
                forces += [fore * toe_share, fore * lat_share, heel_f]
            strips = tuple(max(0, min(1023, _counts(f) + rng.randint(-2, 2))) for f in forces)
            if any(a <= t < a + n for a, n in script.edge_hits):
                heel = script.edge_mm
            tof = script.offset_mm + (heel if script.mount == "below" else -heel)
            tof += script.drift_mm_per_min * t / 60.0 + rng.gauss(0, script.noise_mm)
            if script.spike_rate and rng.random() < script.spike_rate:
                tof += rng.choice((-1, 1)) * rng.uniform(40, 400)
            if any(a <= t < a + n for a, n in script.dropouts):
                tof = None
            elif tof is not None:
                tof = round(round(tof / script.resolution_mm) * script.resolution_mm, 1)
        out.append(Sample(round(t, 6), tof, strips))  # type: ignore[arg-type]
        t += dt * (1 + script.jitter * (rng.random() * 2 - 1))
    return out


def true_crossings(script: Script, level: float = 5.0) -> list[tuple[float, float]]:
    """(start_s, end_s) 5 mm crossings of each rep."""
    out = []
    t0 = script.empty_s + script.lead_s
    for rep in script.reps:
        frac = math.acos(1 - 2 * level / rep.peak_mm) / math.pi
        start = t0 + frac * rep.up_s
        end = t0 + rep.up_s + rep.hold_s + (1 - frac) * rep.down_s
        out.append((start, end))
        t0 += rep.up_s + rep.hold_s + rep.down_s + rep.rest_s
    return out


def run(script: Script, **engine_kwargs):
    """Feed the script's samples to a fresh engine; returns (engine, events with their samples)."""
    from kiosk.analysis.engine import MovementEngine

    engine = MovementEngine(mount=script.mount, **engine_kwargs)
    events = []
    for sample in samples(script):
        for event in engine.feed(sample):
            events.append((sample, event))
    engine.finish()
    return engine, events
