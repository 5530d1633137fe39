"""Stepping off mid-set and back on: no phantom rep, and the next real rep counts."""

from __future__ import annotations

import pytest

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.samples import Sample
from kiosk.programme import Tempo
from kiosk.sim.corpus import Scenario
from kiosk.sim.person import Empty, Reps, Script, Stand, StepOffMidRep, StepOn


def _analyse(scenario: Scenario) -> MovementEngine:
    engine = MovementEngine(tempo=Tempo.parse(scenario.tempo_text))
    for sample in scenario.samples():
        engine.feed(sample)
    engine.finish()
    return engine


@pytest.mark.parametrize(("rate", "swing_mm"), [(50, 220.0), (100, 120.0), (200, 250.0)])
def test_a_foot_swinging_through_the_beam_makes_no_rep(rate, swing_mm):
    script = Script([Empty(2), StepOn(swing_mm=swing_mm), Stand(3), Reps(2, tempo=(2, 1, 2)),
                     StepOffMidRep(), Empty(2), StepOn(swing_mm=swing_mm), Stand(0.5),
                     Reps(3, tempo=(2, 1, 2))])
    scenario = Scenario("step_off_on", script, rate_hz=rate, tempo=(2, 1, 2), seed=rate)
    engine = _analyse(scenario)
    labels = scenario.labels.reps
    assert len(labels) == 5
    assert len(engine.reps) == 5
    for rep, label in zip(engine.reps, labels, strict=True):
        assert label.start_s < rep.top_s < label.end_s
        assert abs(rep.peak_mm - label.peak_mm) < 3.0
        assert rep.faults == ()


def test_a_heel_that_comes_down_as_the_load_leaves_is_no_rep():
    # Push-off: the heel rises, then the reading falls as the foot leaves the beam,
    # while the strips unload; the step empties only afterwards.
    engine = MovementEngine()
    load = (300,) * 6
    t = 0.0
    for _ in range(300):  # a still stance: the zero
        engine.feed(Sample(t, 100.0, load))
        t += 0.01
    for k in range(100):  # a 60 mm rise
        engine.feed(Sample(t, 100.0 + 0.6 * k, load))
        t += 0.01
    for k in range(40):  # the reading falls while the load leaves
        left = round(300 * (1 - k / 40))
        engine.feed(Sample(t, max(100.0, 160.0 - 2.4 * k), (left,) * 6))
        t += 0.01
    for _ in range(100):
        engine.feed(Sample(t, None, (8,) * 6))
        t += 0.01
    engine.finish()
    assert engine.reps == []
