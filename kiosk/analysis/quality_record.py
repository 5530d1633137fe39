"""A session's measurement quality as stored with it: the verdict, its reasons and the
sensor figures behind them (JSON in ``sessions.quality_record``).

The verdict is ``sensor_health.quality_verdict``'s, the same rule the heel-rise test's
uses; the figures let the screens say why ("heel sensor dropped 18 % of readings").
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

from kiosk.analysis.sensor_health import HealthFigures, Quality


@dataclass(frozen=True, slots=True)
class QualityRecord:
    verdict: str  # good / fair / poor (sensor_health.VERDICTS)
    reasons: tuple[str, ...] = ()  # sensor_health.REASONS, worst first
    tof_dropout_pct: float | None = None  # % of samples without a heel-height reading
    tof_noise_mm: float | None = None  # SD of the heel height at rest
    calibration: str = "none"  # staff / learned / none
    simulated: bool = False

    @classmethod
    def of(cls, quality: Quality, figures: HealthFigures, *, calibration: str,
           simulated: bool) -> QualityRecord:
        noise = figures.tof_noise_mm
        return cls(verdict=quality.verdict, reasons=quality.reasons,
                   tof_dropout_pct=round(100.0 * figures.tof_dropout_share, 2),
                   tof_noise_mm=None if noise is None else round(noise, 2),
                   calibration=calibration, simulated=simulated)

    def to_json(self) -> str:
        data = asdict(self)
        data["reasons"] = list(self.reasons)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> QualityRecord | None:
        """The stored record; None for a session stored before there was one (or an
        unreadable record: the verdict column then stands alone)."""
        if not text:
            return None
        try:
            data = json.loads(text)
            known = {f.name for f in fields(cls)}
            values = {k: v for k, v in data.items() if k in known}
            values["reasons"] = tuple(values.get("reasons", ()))
            return cls(**values)
        except (ValueError, TypeError, AttributeError):
            return None
