"""Each fault of the analysis definitions is found, and not found on a clean rep."""

from __future__ import annotations

from synth_analysis import RepSpec, Script, run

from kiosk.analysis.events import FaultDetected
from kiosk.programme import Tempo


def _faults(reps, **kw):
    engine, events = run(Script(reps=reps, noise_mm=1.0), **kw)
    return [r.faults for r in engine.reps], [e for _s, e in events if isinstance(e, FaultDetected)]


def test_clean_reps_have_no_faults():
    faults, events = _faults([RepSpec() for _ in range(3)], tempo=Tempo.parse("1.5-0.5-2"))
    assert faults == [(), (), ()]
    assert events == []


def test_partial_against_the_median_peak():
    faults, _ = _faults([RepSpec(peak_mm=p) for p in (70, 72, 40, 71)])
    assert faults == [(), (), ("partial",), ()]


def test_partial_against_a_target():
    faults, _ = _faults([RepSpec(peak_mm=p) for p in (70, 50)], target_mm=80)
    assert faults == [(), ("partial",)]


def test_too_fast_only_with_a_tempo():
    reps = [RepSpec(), RepSpec(up_s=0.3, down_s=0.3)]
    assert _faults(reps, tempo=Tempo.parse("2-1-3"))[0] == [(), ("too_fast",)]
    assert _faults(reps)[0] == [(), ()]


def test_ankles_out_at_the_top():
    faults, events = _faults([RepSpec(lateral_top=True, hold_s=0.6), RepSpec()])
    assert faults == [("ankles_out",), ()]
    assert [(e.kind, e.rep_number) for e in events] == [("ankles_out", 1)]


def test_a_short_lateral_moment_is_not_ankles_out():
    faults, _ = _faults([RepSpec(lateral_top=True, hold_s=0.1)])
    assert faults == [()]


def test_heels_in_while_lowering():
    faults, _ = _faults([RepSpec(), RepSpec(medial_lower=True)])
    assert faults == [(), ("heels_in",)]
