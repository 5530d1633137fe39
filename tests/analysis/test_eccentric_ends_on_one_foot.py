"""An eccentric single-leg rep ends on one foot, with about half the strips' counts of
the two-foot start (less with the heel collapsing inwards): that is not stepping off.
Read with a 1 cm sensor, whose 5 mm crossing comes early or late by a step."""

from __future__ import annotations

import pytest

from kiosk.analysis.engine import MovementEngine
from kiosk.programme import Tempo
from kiosk.sim.corpus import scenarios

ECCENTRIC = [s for s in scenarios(seed=6) if "ecc" in s.name and s.labels.reps]


@pytest.mark.parametrize("scenario", ECCENTRIC, ids=lambda s: s.name)
def test_every_eccentric_rep_counts_on_a_1_cm_sensor(scenario):
    tempo = Tempo.parse(scenario.tempo_text) if scenario.tempo_text else None
    engine = MovementEngine(tempo=tempo, target_mm=scenario.target_mm)
    for sample in scenario.samples():
        tof = None if sample.tof_mm is None else round(sample.tof_mm / 10.0) * 10.0
        engine.feed_values(sample.t, tof, sample.strips)
    engine.finish()
    required = sum(not label.optional for label in scenario.labels.reps)
    assert required <= len(engine.reps) <= len(scenario.labels.reps)
