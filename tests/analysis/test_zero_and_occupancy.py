"""Zero from the first still two-foot stance; occupancy; re-zero before a set."""

from __future__ import annotations

import pytest
from synth_analysis import RepSpec, Script, run, samples

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.events import Occupied, ZeroSet
from kiosk.analysis.samples import Sample


def test_empty_step_first_then_zeroed_once_standing_still():
    script = Script(reps=[RepSpec(peak_mm=50)], empty_s=4.0, offset_mm=120.0)
    engine, events = run(script)
    occupied = [s.t for s, e in events if isinstance(e, Occupied)]
    zero = [(s.t, e.level_mm) for s, e in events if isinstance(e, ZeroSet)]
    assert occupied and 4.0 <= occupied[0] <= 4.3
    assert len(zero) == 1
    # The heel strips carry load and the ToF is still: a fraction of a second is enough
    # (the 2 s still stance, once seen, refines it).
    assert occupied[0] < zero[0][0] <= occupied[0] + 0.5
    assert zero[0][1] == pytest.approx(120.0, abs=1.0)
    assert engine.zero_level == pytest.approx(120.0, abs=0.5)
    assert [round(r.peak_mm) for r in engine.reps] == [50]


def test_empty_step_baselines_are_learned():
    engine, _ = run(Script(reps=[RepSpec()], empty_s=2.0))
    assert engine.calibration.baselines[0] == pytest.approx(8, abs=2)


def test_half_a_second_of_still_stance_is_enough_for_the_first_rep():
    # What a patient gives before the first rep: 0.3-1 s. The heel strips show the heels
    # down, the ToF is still: that is the rest level.
    script = Script(reps=[RepSpec(rest_s=1.0) for _ in range(4)], lead_s=0.5)
    engine, _ = run(script)
    assert [round(r.peak_mm) for r in engine.reps] == [70] * 4


def test_no_zero_while_the_heels_are_up():
    # Standing still on tiptoe (the heel strips unloaded): no rest level however still.
    engine = MovementEngine()
    tiptoe = (400, 350, 8, 400, 350, 8)
    for i in range(5 * 100):
        engine.feed(Sample(i / 100, 150.0 + i % 2, tiptoe))
    assert engine.zero_level is None



def test_rezero_waits_for_a_new_still_stance():
    engine = MovementEngine()
    data = samples(Script(reps=[RepSpec()], lead_s=3.0))
    for s in data[:700]:  # 3.5 s: zeroed
        engine.feed(s)
    assert engine.zero_level is not None
    engine.begin_set()
    assert engine.zero_level is None
    assert engine.state().calibration_progress == 0.0


def test_hovering_between_5_and_15_mm_is_no_rep_and_keeps_memory_bounded():
    engine = MovementEngine()
    strips = (300, 250, 400, 300, 250, 400)
    for i in range(600):  # 3 s still at the zero level, on a sensor with 1 mm steps
        engine.feed(Sample(i / 200, 80.0 + i % 2, strips))
    for i in range(600, 600 + 200 * 120):  # 2 minutes at 10 mm
        engine.feed(Sample(i / 200, 90.0, strips))
    assert engine.zero_level == pytest.approx(80.5, abs=0.6)
    assert engine.reps == []
    assert engine.stored_samples <= 200 * 4
