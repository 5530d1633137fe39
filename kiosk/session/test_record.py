"""The session's measurement quality and the heel-rise test's protocol record, from the
session's parts at its end (what ``SessionLog.finish`` stores). Both take their verdict
from one rule, ``sensor_health.quality_verdict``, over the same sensor figures."""

from __future__ import annotations

from kiosk.analysis.heel_rise_test import HeelRiseResult
from kiosk.analysis.protocol import ProtocolRecord, cueing_of, support_seen
from kiosk.analysis.quality_record import QualityRecord
from kiosk.analysis.sensor_health import HealthFigures, Quality, quality_verdict
from kiosk.session.parts import SessionParts


def measurement(parts: SessionParts) -> tuple[HealthFigures, Quality]:
    """The session's sensor figures and their verdict."""
    figures = parts.health.figures()
    return figures, quality_verdict(figures, calibration=parts.calibration_source,
                                    calibration_age_days=parts.calibration_age_days,
                                    simulated=parts.simulated, limits=parts.limits)


def session_quality(parts: SessionParts) -> QualityRecord:
    """How well the whole session was measured (every session, exercise or test)."""
    figures, quality = measurement(parts)
    return QualityRecord.of(quality, figures, calibration=parts.calibration_source,
                            simulated=parts.simulated)


def protocol_record(parts: SessionParts, result: HeelRiseResult) -> ProtocolRecord:
    """How the test was run (pace, cueing, support, end) and measured (sensor health)."""
    figures, quality = measurement(parts)
    return ProtocolRecord(
        pace_bpm=round(parts.rules.pace_bpm, 1),
        cueing=cueing_of(parts.cue_lights, parts.cue_sound),
        ended_by=result.ended_by,
        support=support_seen(result.lowest_load_pct, parts.rules.support_margin),
        kept_pace_bpm=_round(result.kept_pace_bpm, 1),
        lowest_load_pct=_round(result.lowest_load_pct, 1),
        tof_dropout_pct=round(100.0 * figures.tof_dropout_share, 2),
        tof_noise_mm=_round(figures.tof_noise_mm, 2),
        calibration=parts.calibration_source,
        simulated=parts.simulated,
        quality=quality.verdict,
        quality_reasons=quality.reasons,
    )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
