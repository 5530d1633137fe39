"""The sensor models' real-hardware artefacts behave as real strips and ToF sensors do."""

from __future__ import annotations

import itertools
import math
import statistics

import pytest

from kiosk.sim.labels import label_reps
from kiosk.sim.sensor_models import StripArtefacts, StripModels, ToFModel


def _runs(flags: list[bool], step: float) -> list[float]:
    """Lengths (s) of the runs of True in ``flags`` sampled every ``step`` s."""
    runs, n = [], 0
    for flag in [*flags, False]:
        if flag:
            n += 1
        elif n:
            runs.append(n * step)
            n = 0
    return runs


@pytest.mark.parametrize("creep", [0.05, 0.2])
def test_creep_grows_the_reading_of_a_constant_load(creep):
    strips = StripModels(seed=1, artefacts=StripArtefacts(creep=creep, creep_tau_s=30.0))
    load = (200.0,) * 6
    first = strips.sensed(load, 0.0)[0]
    settled = [strips.sensed(load, k * 0.1)[0] for k in range(1, 1500)][-1]
    assert first == pytest.approx(200.0, rel=0.01)
    assert settled / first == pytest.approx(1.0 + creep, rel=0.01)
    assert strips.sensed((0.0,) * 6, 150.0)[0] == 0.0  # unloaded: creep forgotten


def test_hysteresis_reads_unloading_higher_than_loading():
    strips = StripModels(seed=1, artefacts=StripArtefacts(hysteresis=0.05))
    rising = [strips.sensed((f,) * 6, f / 100)[0] for f in range(0, 401, 10)]
    falling = [strips.sensed((f,) * 6, 5 + (400 - f) / 100)[0] for f in range(400, -1, -10)]
    at_200_up, at_200_down = rising[20], falling[20]
    assert at_200_up < 200.0 < at_200_down
    assert at_200_down - at_200_up == pytest.approx(0.1 * 200.0, rel=0.15)


def test_strip_gains_spread_by_a_quarter():
    halves = {m.half_scale_n for s in range(20) for m in StripModels(seed=s, spread=0.25).strips}
    assert 300.0 * 0.75 <= min(halves) < 300.0 * 0.8
    assert 300.0 * 1.2 < max(halves) <= 300.0 * 1.25


def test_edge_hits_are_runs_at_the_edge_level_while_the_heel_is_up():
    tof = ToFModel(mount_offset_mm=100.0, noise_mm=0.0, edge_hit_rate=2.0, edge_mm=-3.0, seed=4)
    step = 0.002
    readings = [tof.distance(70.0, k * step) for k in range(60000)]
    at_edge = [r == 97.0 for r in readings]
    runs = _runs(at_edge, step)
    assert len(runs) > 100
    assert min(runs) >= 0.018 and max(runs) <= 0.152
    low = ToFModel(noise_mm=0.0, edge_hit_rate=50.0, edge_mm=-3.0, seed=4)
    assert all(low.distance(10.0, k * step) == 90.0 for k in range(2000))  # heel low: no hits


def test_latency_bursts_repeat_the_last_value_for_20_to_60_ms():
    tof = ToFModel(noise_mm=0.0, latency_rate=3.0, seed=2)
    step = 0.001
    # The heel rises steadily, so only a burst repeats a value.
    readings = [tof.distance(float(k % 1000), k * step) for k in range(60000)]
    repeats = [a == b for a, b in itertools.pairwise(readings)]
    runs = _runs(repeats, step)
    assert len(runs) > 100
    assert min(runs) >= 0.015 and max(runs) <= 0.061


def test_long_dropouts_last_a_third_to_one_second():
    tof = ToFModel(noise_mm=1.0, long_dropout_rate=0.5, seed=3)
    step = 0.01
    gaps = _runs([tof.distance(40.0, k * step) is None for k in range(60000)], step)
    assert len(gaps) > 100
    assert statistics.median(gaps) > 0.3 and max(gaps) <= 1.3


def test_warm_up_drift_and_centimetre_readings():
    tof = ToFModel(mount_offset_mm=100.0, noise_mm=0.0, warmup_drift_mm=10.0, resolution_mm=10.0)
    assert tof.distance(0.0, 0.0) == 100.0
    assert tof.distance(0.0, 300.0) == 110.0  # about 10 mm after 5 minutes
    assert {tof.distance(h / 10, 300.0 + h) for h in range(200)} <= {110.0, 120.0, 130.0}


def _rep_rows(seen_from: float, seen_to: float) -> list[tuple]:
    """One 60 mm rep on a still step, 100 Hz, the ToF seeing it only in [seen_from, seen_to)."""
    rows: list[tuple] = []
    for k in range(600):
        t = k * 0.01
        heel = 30.0 * (1 - math.cos(2 * math.pi * (t - 2.0) / 2.0)) if 2.0 <= t < 4.0 else 0.0
        rows.append((t, True, heel, (300.0,) * 6, not seen_from <= t < seen_to))
    return rows


def test_a_rep_the_sensor_never_saw_above_15_mm_is_optional():
    hidden = label_reps(_rep_rows(2.3, 3.7))
    assert len(hidden) == 1 and hidden[0].optional and not hidden[0].top_seen
    top_only = label_reps(_rep_rows(2.8, 3.2))
    assert not top_only[0].optional and not top_only[0].top_seen
    seen = label_reps(_rep_rows(9.0, 9.0))
    assert not seen[0].optional and seen[0].top_seen
