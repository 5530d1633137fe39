"""Reps: 5 / 15 mm hysteresis, exact counts at any rate, wobbles and empty steps ignored."""

from __future__ import annotations

import pytest
from synth_analysis import RepSpec, Script, run, true_crossings


@pytest.mark.parametrize(("rate", "jitter"), [(50, 0.2), (200, 0.0), (1000, 0.3)])
def test_counts_every_rep_at_any_rate(rate, jitter):
    script = Script(reps=[RepSpec(peak_mm=p) for p in (60, 80, 45, 90, 70)], rate_hz=rate,
                    jitter=jitter, noise_mm=1.0)
    engine, _ = run(script)
    assert len(engine.reps) == 5
    for rep, truth, (start, end) in zip(engine.reps, script.reps, true_crossings(script),
                                        strict=True):
        assert rep.peak_mm == pytest.approx(truth.peak_mm, abs=2.0)
        assert rep.start_s == pytest.approx(start, abs=0.05)
        assert rep.end_s == pytest.approx(end, abs=0.06)


def test_rises_below_15_mm_are_wobbles_not_reps():
    script = Script(reps=[RepSpec(peak_mm=12), RepSpec(peak_mm=60), RepSpec(peak_mm=9)],
                    noise_mm=1.0)
    engine, _ = run(script)
    assert [round(r.peak_mm) for r in engine.reps] == [60]


def test_a_rep_to_just_above_15_mm_counts():
    engine, _ = run(Script(reps=[RepSpec(peak_mm=18)], noise_mm=0.5))
    assert len(engine.reps) == 1


def test_no_reps_without_a_zero_or_on_an_empty_step():
    # Nobody on the step: the ToF gives nothing and the strips read leakage only.
    script = Script(reps=[], empty_s=10.0, lead_s=0.0, tail_s=0.0)
    engine, events = run(script)
    assert engine.reps == []
    assert engine.zero_level is None
    assert events == []


def test_numbers_and_phase_times_follow_the_contract():
    script = Script(reps=[RepSpec(peak_mm=70, up_s=1.5, hold_s=0.5, down_s=2.0)])
    engine, _ = run(script)
    rep = engine.reps[0]
    # 10-90 % of a raised-cosine rise takes (acos(-0.8) - acos(0.8)) / pi of it.
    assert rep.up_s == pytest.approx(0.5903 * 1.5, abs=0.03)
    assert rep.down_s == pytest.approx(0.5903 * 2.0, abs=0.04)
    assert script.empty_s + script.lead_s + 1.5 <= rep.top_s <= script.lead_s + 2.0
    assert rep.tut_s == pytest.approx(rep.end_s - rep.start_s)
