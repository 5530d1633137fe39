"""The heel-rise test's protocol fingerprint: how one test was run and measured.

Stored with every test (JSON), shown beside its result, and used to compare two
tests only when they were run alike: the same pace and cueing (cueing alone moves
the result by about 12 reps) and both run to an end the protocol knows (a test
stopped by hand did not reach fatigue).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

CUEING = ("lights_and_sound", "lights", "sound", "none")
SUPPORT = ("fingertip_or_none", "more_than_fingertip", "not_measured")


@dataclass(frozen=True, slots=True)
class ProtocolRecord:
    pace_bpm: float  # the metronome's pace
    cueing: str  # one of CUEING
    ended_by: str  # why the test ended (heel_rise_test.END_REASONS)
    support: str  # one of SUPPORT
    kept_pace_bpm: float | None = None  # median pace of the counted reps
    lowest_load_pct: float | None = None  # lowest heels-down load, % of standing load
    knee: str = "not_sensed"  # the step's sensors cannot see a bent knee
    tof_dropout_pct: float | None = None
    tof_noise_mm: float | None = None
    calibration: str = "none"  # staff / learned / none
    simulated: bool = False
    quality: str = "good"  # the measurement's verdict (sensor_health.VERDICTS)
    quality_reasons: tuple[str, ...] = ()

    def to_json(self) -> str:
        data = asdict(self)
        data["quality_reasons"] = list(self.quality_reasons)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> ProtocolRecord | None:
        """The record stored with a test; None for a test stored before there was one
        (or an unreadable record: nothing is assumed about how that test was run)."""
        if not text:
            return None
        try:
            data = json.loads(text)
            known = {f.name for f in fields(cls)}
            values = {k: v for k, v in data.items() if k in known}
            values["quality_reasons"] = tuple(values.get("quality_reasons", ()))
            return cls(**values)
        except (ValueError, TypeError, AttributeError):
            return None


def support_seen(lowest_load_pct: float | None, margin: float) -> str:
    """Fingertip support (or none) unless the heels-down load fell by more than the margin."""
    if lowest_load_pct is None:
        return "not_measured"
    return "more_than_fingertip" if lowest_load_pct < 100.0 * (1.0 - margin) else (
        "fingertip_or_none")


def cueing_of(lights: bool, sound: bool) -> str:
    if lights and sound:
        return "lights_and_sound"
    return "lights" if lights else "sound" if sound else "none"


def not_comparable_because(a: ProtocolRecord | None, b: ProtocolRecord | None) -> str | None:
    """Why two tests cannot be compared (a code), or None when they can."""
    if a is None or b is None:
        return "no_record"
    if a.ended_by == "stopped" or b.ended_by == "stopped":
        return "stopped_early"
    if abs(a.pace_bpm - b.pace_bpm) > 0.5:
        return "pace"
    if a.cueing != b.cueing:
        return "cueing"
    return None
