"""The motion constants are settings: the engine runs with the configured values."""

from __future__ import annotations

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.samples import Sample
from kiosk.config import AnalysisConfig, parse_config

LOAD = (300,) * 6


def _step_on_and_rise(engine: MovementEngine, rise_after_s: float) -> None:
    """Empty step, a still stance (the zero), off, back on, then one rep after a while."""
    t = 0.0

    def feed(tof: float | None, strips: tuple[int, ...], seconds: float, slope: float = 0.0):
        nonlocal t
        for k in range(round(seconds * 100)):
            engine.feed(Sample(t, None if tof is None else tof + slope * k * 0.01, strips))
            t += 0.01

    feed(None, (8,) * 6, 1.0)
    feed(100.0, LOAD, 3.0)  # the zero
    feed(None, (8,) * 6, 1.0)  # off
    feed(100.0, LOAD, rise_after_s)  # back on, standing still
    feed(100.0, LOAD, 1.0, slope=60.0)  # up 60 mm
    feed(160.0, LOAD, 0.5)
    feed(160.0, LOAD, 1.0, slope=-60.0)  # and down
    feed(100.0, LOAD, 1.0)
    engine.finish()


def test_settle_time_after_stepping_on_is_a_setting():
    quick = MovementEngine()
    _step_on_and_rise(quick, rise_after_s=2.0)
    assert len(quick.reps) == 1
    # Asked to wait 3 s for a settled stance, a rep 2 s after stepping on does not count.
    patient = MovementEngine(AnalysisConfig(settle_s=3.0))
    _step_on_and_rise(patient, rise_after_s=2.0)
    assert patient.reps == []


def test_the_motion_keys_are_read_from_the_config_file():
    config = parse_config({"analysis": {"max_heel_accel_mm_s2": 20000, "stale_max_s": 0,
                                        "peak_fit_max_rep_s": 0.8, "settle_load_band": 0.2}})
    analysis = config.analysis
    assert (analysis.max_heel_accel_mm_s2, analysis.stale_max_s) == (20000, 0)
    assert (analysis.peak_fit_max_rep_s, analysis.settle_load_band) == (0.8, 0.2)


def _rep(engine: MovementEngine, t: float, peak: float, hidden: tuple[float, float] | None = None
         ) -> float:
    """One 1-0.5-1 s rep to ``peak`` mm from t, then 1 s at rest; ``hidden``: a dropout."""
    for k in range(350):
        u = k * 0.01
        h = peak * min(u, 1.0) if u < 1.5 else max(0.0, peak * (2.5 - u))
        shown = hidden is None or not hidden[0] <= u < hidden[1]
        engine.feed(Sample(t + u, 100.0 + h if shown else None, LOAD))
    return t + 3.5


def test_a_rep_whose_top_a_dropout_hid_is_not_called_partial():
    engine = MovementEngine()
    t = 0.0
    for _ in range(300):  # still: the zero
        engine.feed(Sample(t, 100.0, LOAD))
        t += 0.01
    for _ in range(3):
        t = _rep(engine, t, 70.0)
    t = _rep(engine, t, 70.0, hidden=(0.6, 2.0))  # seen only up to 42 mm
    engine.finish()
    assert len(engine.reps) == 4
    assert engine.reps[-1].peak_mm < 0.7 * 70.0  # only a lower bound...
    assert all("partial" not in rep.faults for rep in engine.reps)  # ...so no verdict
    shown = MovementEngine(AnalysisConfig(hidden_top_gap_s=2.0))  # a gap this long "seen"
    t = 0.0
    for _ in range(300):
        shown.feed(Sample(t, 100.0, LOAD))
        t += 0.01
    for _ in range(3):
        t = _rep(shown, t, 70.0)
    _rep(shown, t, 70.0, hidden=(0.6, 2.0))
    shown.finish()
    assert "partial" in shown.reps[-1].faults
