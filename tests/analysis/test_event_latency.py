"""RepCompleted comes within 50 ms of the heel crossing back below 5 mm."""

from __future__ import annotations

import pytest
from synth_analysis import RepSpec, Script, run, true_crossings

from kiosk.analysis.events import RepCompleted


@pytest.mark.parametrize(("rate", "noise"), [(50, 1.0), (100, 2.0), (1000, 2.0)])
def test_rep_completed_within_50_ms(rate, noise):
    script = Script(reps=[RepSpec(peak_mm=60, down_s=d) for d in (0.6, 1.5, 3.0)],
                    rate_hz=rate, noise_mm=noise, jitter=0.2)
    _, events = run(script)
    done = [sample.t for sample, event in events if isinstance(event, RepCompleted)]
    truth = [end for _start, end in true_crossings(script)]
    assert len(done) == len(truth)
    for t_event, t_cross in zip(done, truth, strict=True):
        assert t_event - t_cross <= 0.05


def test_event_order_of_one_rep():
    script = Script(reps=[RepSpec(peak_mm=60, hold_s=1.0)], noise_mm=0.5)
    _, events = run(script)
    kinds = [type(e).__name__ + (f":{e.phase}" if hasattr(e, "phase") else "")
             for _s, e in events]
    assert kinds == ["Occupied", "ZeroSet", "RepStarted", "PhaseChanged:rise", "TopReached",
                     "PhaseChanged:hold", "PhaseChanged:lower", "PhaseChanged:rest",
                     "RepCompleted"]
