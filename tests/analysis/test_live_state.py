"""The live snapshot the screens read."""

from __future__ import annotations

import pytest
from synth_analysis import RepSpec, Script, samples

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.events import FeetCheck
from kiosk.analysis.samples import Sample


def test_progress_then_height_and_phase():
    engine = MovementEngine()
    data = samples(Script(reps=[RepSpec(peak_mm=60, hold_s=1.0)], lead_s=3.0))
    progress = []
    for s in data:
        engine.feed(s)
        state = engine.state()
        progress.append(state.calibration_progress)
        if 3.0 + 1.5 + 0.5 <= s.t < 3.0 + 1.5 + 0.6:
            assert state.heel_mm == pytest.approx(60, abs=3)
            assert state.heel_phase == "hold"
    assert progress[0] == 0.0
    # The screens' calibration runs over the still stance the kiosk asks for (the counting
    # has a zero sooner).
    assert 0.2 < progress[200] < 0.8  # 1 s into the 2 s still stance
    assert engine.zero_level is not None
    assert progress[-1] == 1.0
    assert engine.state().rep_count == 1


def test_feet_check_messages():
    engine = MovementEngine()
    feed = [Sample(i / 100, 80.0, (300, 250, 400, 300, 250, 400)) for i in range(50)]
    for s in feed:
        engine.feed(s)
    state = engine.state()
    assert state.occupied and state.feet is None
    assert state.left_share == pytest.approx(0.5)
    assert state.toe_share_left == pytest.approx(300 / 550)
    for i in range(50, 100):
        engine.feed(Sample(i / 100, 80.0, (300, 250, 400, 5, 5, 5)))
    assert engine.state().feet is FeetCheck.NOT_BOTH_FEET
    for i in range(100, 150):
        engine.feed(Sample(i / 100, 80.0, (400, 350, 500, 150, 120, 200)))
    assert engine.state().feet is FeetCheck.UNEVEN


def test_no_height_shown_off_the_step_or_after_a_long_sensor_silence():
    engine = MovementEngine()
    strips = (300, 250, 400, 300, 250, 400)
    for i in range(400):
        engine.feed(Sample(i / 100, 80.0, strips))
    assert engine.state().heel_mm == pytest.approx(0.0, abs=0.5)
    for i in range(400, 420):  # 0.2 s dropout: the last height holds
        engine.feed(Sample(i / 100, None, strips))
    assert engine.state().heel_mm == pytest.approx(0.0, abs=0.5)
    for i in range(420, 500):  # 1 s of silence
        engine.feed(Sample(i / 100, None, strips))
    assert engine.state().heel_mm is None
    for i in range(500, 600):  # stepped off
        engine.feed(Sample(i / 100, None, (8, 8, 8, 8, 8, 8)))
    state = engine.state()
    assert not state.occupied and state.heel_mm is None and state.left_share is None
