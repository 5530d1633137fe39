"""The corpus covers every position, variant, fault, rate, and its labels are honest."""

from __future__ import annotations

import pytest

from kiosk.sim.script import FAULTS, NEAR_MISSES, POSITIONS, VARIANTS

# The corpus takes about 10 s to label, once per process: a parallel run (`--dist
# loadscope`) keeps a module's tests on one worker, so it is labelled once.
pytestmark = pytest.mark.slow


def test_size_and_durations(corpus):
    base = [s for s in corpus if s.kind == "base"]
    assert 40 <= len(base) <= 60
    assert len(corpus) <= 100
    assert len({s.name for s in corpus}) == len(corpus)
    for scenario in corpus:
        longest = 120.0 if scenario.kind == "base" else 300.0  # the 5-minute warm-up
        assert 20.0 <= scenario.labels.duration_s <= longest, scenario.name


def test_every_real_world_artefact_has_recordings(corpus):
    kinds = {s.kind for s in corpus}
    assert kinds >= {"edge_hits", "latency_bursts", "long_dropouts", "thermal_drift",
                     "short_reps_coarse", "rail", "ballistic", "slow_eccentric", "tremor",
                     "step_off_on", "stance_change", "double_rise", "body_mass", "fsr_creep"}
    masses = {s.mass_kg for s in corpus}
    assert min(masses) == 20.0 and max(masses) == 200.0
    real = [s for s in corpus if s.kind != "base"]
    assert all(s.sensors.strip_spread == 0.25 for s in real)
    assert all(0.05 <= s.sensors.strip_creep <= 0.2 for s in real)


def test_every_position_variant_and_fault_occurs(corpus):
    positions = {r.position for s in corpus for r in s._person().planned_reps}
    stances = {r.stance for s in corpus for r in s.labels.reps}
    faults = {f for s in corpus for r in s.labels.reps for f in r.faults}
    assert positions == set(POSITIONS)
    assert stances == set(VARIANTS)
    assert faults == set(FAULTS)
    misses = {m for s in corpus for r in s._person().planned_reps for m in r.near_misses}
    assert misses == set(NEAR_MISSES)


def test_rates_tempos_and_situations_are_covered(corpus):
    rates = {s.rate_hz for s in corpus}
    assert min(rates) == 50 and max(rates) == 1000 and len(rates) >= 4
    assert len({s.tempo for s in corpus if s.tempo}) >= 4
    assert any(s.tempo is None for s in corpus)
    assert any(s.target_mm for s in corpus)
    assert any(s.labels.count == 0 for s in corpus)  # wobbles only: no reps at all
    assert any(s.script.starts_empty() for s in corpus)
    assert any(s.sensors.tof_noise_mm >= 7.0 for s in corpus)
    assert any(s.sensors.tof_dropout_rate >= 1.0 for s in corpus)


def test_labels_match_what_each_scenario_asked_for(corpus):
    # The contract's definitions on the noiseless signals find exactly the planned
    # reps, stances and faults: nothing borderline, nothing accidental.
    for scenario in corpus:
        assert scenario.labels.intent_mismatches == [], scenario.name


def test_every_label_is_far_from_the_thresholds(corpus):
    for scenario in corpus:
        for rep in scenario.labels.reps:
            e = rep.evidence
            assert not 0.1 < e["ankles_out_s"] < 0.35, scenario.name
            assert not 0.15 < e["heels_in_s"] < 0.5, scenario.name
            assert not 0.55 < e["peak_ratio"] < 0.8, scenario.name
            if "up_ratio" in e:
                assert not 0.2 < min(e["up_ratio"], e["down_ratio"]) < 0.4, scenario.name
            assert 15.0 <= rep.peak_mm <= 110.0
            assert rep.start_s < rep.top_s < rep.end_s


def test_person_ground_truth_agrees_with_the_labels(corpus):
    for scenario in corpus[::7]:
        person = scenario._person()
        for sample_t in scenario._times(person.duration_s):
            person.state_at(sample_t)
        truth = person.performed_reps
        labels = scenario.labels.reps
        assert len(truth) == len(labels), scenario.name
        for mine, label in zip(truth, labels, strict=True):
            assert abs(mine.start_s - label.start_s) < 1e-6
            assert abs(mine.end_s - label.end_s) < 1e-6
            assert mine.peak_mm == label.peak_mm
            assert mine.stance == label.stance
