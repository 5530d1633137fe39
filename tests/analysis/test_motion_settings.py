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
