"""The field artefacts of the sensor models: a slow ToF, sunlight, a covered sensor, shoes."""

from __future__ import annotations

import statistics
from itertools import pairwise

import pytest

from kiosk.sim.field_corpus import FIELD_KINDS, field_scenarios
from kiosk.sim.sensor_models import StripArtefacts, StripModels, ToFModel


@pytest.mark.parametrize("hold", [True, False])
def test_a_slow_tof_updates_at_its_own_rate_between_rows(hold):
    tof = ToFModel(mount_offset_mm=100.0, noise_mm=0.0, update_hz=10.0, hold_between=hold)
    rows = [(k / 250, tof.distance(k / 250 * 100.0, k / 250)) for k in range(500)]  # 2 s
    fresh = [t for (t, d), (_, before) in zip(rows[1:], rows, strict=False)
             if d is not None and d != before]
    gaps = [b - a for a, b in pairwise(fresh)]
    assert statistics.median(gaps) == pytest.approx(0.1, abs=0.005)
    if hold:
        assert all(d is not None for _, d in rows[30:])  # every row repeats the last update
    else:
        assert sum(d is not None for _, d in rows) == pytest.approx(20, abs=1)
    # Each update is the heel's mean over its period: 5 mm (half of 0.1 s at 100 mm/s)
    # behind the heel at that moment.
    t, d = next((t, d) for t, d in rows if t > 1.0 and d is not None and t in fresh)
    assert d - 100.0 == pytest.approx(t * 100.0 - 5.0, abs=1.5)


def test_sunlight_raises_the_noise_for_seconds_with_far_readings():
    tof = ToFModel(mount_offset_mm=100.0, noise_mm=1.0, sun_rate=0.2, sun_noise_mm=8.0, seed=3)
    errors = [tof.distance(0.0, k / 100) - 100.0 for k in range(100 * 60)]  # type: ignore[operator]
    sd = statistics.pstdev(errors)
    assert 1.5 < sd < 8.0  # sunlit part of the time
    assert max(abs(e) for e in errors) >= 20.0
    quiet = ToFModel(mount_offset_mm=100.0, noise_mm=1.0, seed=3)
    assert statistics.pstdev(quiet.distance(0.0, k / 100) - 100.0  # type: ignore[operator]
                             for k in range(6000)) < 1.2


def test_a_covered_sensor_reads_heights_low_by_its_cover_share():
    tof = ToFModel(mount_offset_mm=100.0, noise_mm=0.0, cover_share=0.2, edge_mm=0.0)
    assert tof.distance(0.0, 0.0) == 100.0
    assert tof.distance(50.0, 0.01) == 140.0


def test_shoes_low_pass_the_strips_and_spike_the_tof():
    strips = StripModels(seed=1, artefacts=StripArtefacts(foam_tau_s=0.2))
    strips.sensed((0.0,) * 6, 0.0)
    felt = strips.sensed((500.0,) * 6, 0.2)  # one time constant after the step
    assert felt[0] == pytest.approx(500.0 * (1 - 2.718281828 ** -1), rel=0.02)
    tof = ToFModel(mount_offset_mm=100.0, noise_mm=0.0, spike_up_rate=1.0, seed=2)
    readings = [tof.distance(0.0, k / 100) for k in range(100 * 60)]
    spikes = [d for d in readings if d is not None and d > 150.0]
    assert 30 <= len(spikes) <= 100  # about one a second
    assert all(d == pytest.approx(170.0, abs=5.0) for d in spikes)


def test_the_field_recordings_are_labelled_as_they_were_planned():
    found = field_scenarios(seed=1)
    assert {s.kind for s in found} == set(FIELD_KINDS)
    for scenario in found:
        labels = scenario.labels
        assert labels.intent_mismatches == [], scenario.name
        assert labels.count >= 7
        for rep in labels.reps:
            e = rep.evidence
            assert not 0.55 < e["peak_ratio"] < 0.8, scenario.name
            if "up_ratio" in e:
                assert not 0.2 < min(e["up_ratio"], e["down_ratio"]) < 0.4, scenario.name
    mid_rise = next(s for s in found if s.name == "mid_rise_start")
    first = next(mid_rise.samples())
    assert first.tof_mm - mid_rise.sensors.mount_offset_mm > 10.0  # type: ignore[operator]
