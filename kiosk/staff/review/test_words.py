"""The heel-rise test's codes in staff's words, for the progress screen and the PDF:
why a test ended, how it was run (its protocol record), how well it was measured, and
change against what the test can detect; and every session's measurement quality, for
the session list, the session detail, the progress screen and the PDF."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.analysis.protocol import ProtocolRecord
from kiosk.plural import counted
from kiosk.staff.review.change import LegChange, MeasureChange
from kiosk.staff.review.progress import SymmetryPoint
from kiosk.staff.review.session_quality import SessionQuality

END_WORDS = {
    "low_height": "heel no longer rose past half of its first reps",
    "missed_beats": "two beats missed",
    "off_step_support": "more than fingertip support",
    "stopped": "stopped before fatigue",
}
END_SHORT_WORDS = {  # for a table column
    "low_height": "heel height fell",
    "missed_beats": "2 beats missed",
    "off_step_support": "hands took weight",
    "stopped": "stopped early",
}
QUALITY_WORDS = {"good": "good", "fair": "fair", "poor": "POOR"}
REASON_WORDS = {
    "tof_dropouts": "heel sensor dropouts",
    "tof_noise": "noisy heel sensor",
    "strips_not_calibrated": "strips not calibrated by staff",
    "strips_calibration_old": "strip calibration old",
    "simulated": "simulated device",
}
CUEING_WORDS = {"lights_and_sound": "lights and sound", "lights": "lights only",
                "sound": "sound only", "none": "no metronome cue"}
SUPPORT_WORDS = {"fingertip_or_none": "fingertip support or none",
                 "more_than_fingertip": "more than fingertip support",
                 "not_measured": "support not measured"}
WHY_NOT_WORDS = {
    "first_test": "first test of this leg: nothing to compare yet",
    "no_record": "the earlier test has no protocol record: not compared",
    "stopped_early": "a test stopped before fatigue: not compared",
    "pace": "tests at different paces: not compared",
    "cueing": "tests with different cueing: not compared",
}
_MEASURE = {"reps": ("reps", "{:.0f}", 1.0), "work_j": ("work", "{:.0f} J", 1.0),
            "peak_mm": ("peak height", "{:.1f} cm", 0.1)}
BEYOND = "changed beyond what the test can detect"
WITHIN = "within what the test can detect"


def ended_words(ended_by: str | None) -> str:
    return END_WORDS.get(ended_by or "", "reason not recorded")


def quality_words(quality: str | None, protocol: ProtocolRecord | None) -> str:
    """E.g. "quality POOR (simulated device)"; older tests: "quality not judged"."""
    if quality is None:
        return "quality not judged"
    reasons = protocol.quality_reasons if protocol is not None else ()
    why = f" ({', '.join(REASON_WORDS.get(r, r) for r in reasons)})" if reasons else ""
    return f"quality {QUALITY_WORDS.get(quality, quality)}{why}"


def session_quality_words(q: SessionQuality, with_trend: bool = True) -> str:
    """E.g. "Quality: poor (heel sensor dropped 18 % of readings), left out of the
    trends"; sessions stored before there was a verdict: "Quality: not judged".

    :param with_trend: say whether the trends show the session (False: the short flag
        of the session list).
    """
    if q.verdict is None:
        return "Quality: not judged (recorded before the kiosk judged it)"
    record = q.record
    reasons = []
    for code in record.reasons if record is not None else ():
        if code == "tof_dropouts" and record is not None and record.tof_dropout_pct is not None:
            reasons.append(f"heel sensor dropped {record.tof_dropout_pct:.0f} % of readings")
        elif code == "tof_noise" and record is not None and record.tof_noise_mm is not None:
            reasons.append(f"heel sensor noisy, {record.tof_noise_mm:.1f} mm at rest")
        else:
            reasons.append(REASON_WORDS.get(code, code))
    why = f" ({', '.join(reasons)})" if reasons else ""
    trend = ""
    if not with_trend:
        pass
    elif q.staff_included is True and q.verdict == "poor":
        trend = ", shown in the trends by staff"
    elif q.staff_included is False:
        trend = ", left out of the trends by staff"
    elif not q.in_trend:
        trend = ", left out of the trends"
    return f"Quality: {q.verdict}{why}{trend}"


def left_out_words(sessions: int) -> str | None:
    """How many sessions the trends leave out for their quality (None: none)."""
    if not sessions:
        return None
    return (f"{counted(sessions, 'poor-quality session')} left out of the trends"
            " (staff can include one on its session screen).")


def protocol_words(p: ProtocolRecord | None) -> str:
    """The protocol fingerprint in one line."""
    if p is None:
        return "no protocol record (stored before the kiosk kept one)"
    kept = f", kept {p.kept_pace_bpm:.0f}" if p.kept_pace_bpm is not None else ""
    noise = f", noise {p.tof_noise_mm:.1f} mm" if p.tof_noise_mm is not None else ""
    dropouts = (f", dropouts {p.tof_dropout_pct:.1f} %" if p.tof_dropout_pct is not None
                else "")
    return (f"{p.pace_bpm:.0f} beats/min{kept}; {CUEING_WORDS.get(p.cueing, p.cueing)}; "
            f"{SUPPORT_WORDS.get(p.support, p.support)}; knee not sensed; "
            f"heel sensor{dropouts}{noise}; strips "
            f"{'calibrated by staff' if p.calibration == 'staff' else 'not calibrated by staff'}"
            + ("; SIMULATED" if p.simulated else ""))


_CUEING_SHORT = {"lights_and_sound": "lights + sound", "lights": "lights only",
                 "sound": "sound only", "none": "no cue"}
_SUPPORT_SHORT = {"fingertip_or_none": "fingertips at most",
                  "more_than_fingertip": "MORE than fingertips", "not_measured": "support ?"}


def protocol_short_words(p: ProtocolRecord | None) -> str:
    """The fingerprint for a table cell: pace (kept), cueing, support, sensor health."""
    if p is None:
        return "not recorded (older test)"
    kept = f" (kept {p.kept_pace_bpm:.0f})" if p.kept_pace_bpm is not None else ""
    health = []
    if p.tof_dropout_pct is not None:
        health.append(f"dropouts {p.tof_dropout_pct:.1f} %")
    if p.tof_noise_mm is not None:
        health.append(f"noise {p.tof_noise_mm:.1f} mm")
    return (f"{p.pace_bpm:.0f} bpm{kept}, {_CUEING_SHORT.get(p.cueing, p.cueing)}, "
            f"{_SUPPORT_SHORT.get(p.support, p.support)}; " + ", ".join(health)
            + ("; SIMULATED" if p.simulated else ""))


def measure_words(c: MeasureChange) -> str:
    """E.g. "reps 14 -> 22 (+8, MDC 19)"."""
    name, fmt, scale = _MEASURE[c.measure]
    delta = c.delta * scale
    sign = "+" if delta > 0 else ""
    return (f"{name} {fmt.format(c.before * scale)} -> {fmt.format(c.after * scale)} "
            f"({sign}{fmt.format(delta)}, MDC {fmt.format(c.mdc * scale)})")


def verdict_words(changes: Sequence[MeasureChange]) -> str:
    """Which measures changed beyond what the test can detect; the rest are within it."""
    beyond = [_MEASURE[c.measure][0] for c in changes if c.beyond_detectable]
    within = [_MEASURE[c.measure][0] for c in changes if not c.beyond_detectable]
    if not beyond:
        return f"all {WITHIN}" if len(within) > 1 else WITHIN
    text = f"{_and(beyond)} {BEYOND}"
    return text + (f"; {_and(within)} {WITHIN}" if within else "")


def change_lines(changes: Sequence[LegChange], injured_side: str) -> list[str]:
    """One line per leg: the measures before and after, then the verdict."""
    lines = []
    for leg in changes:
        which = leg.side if leg.side == "both" else (
            f"{leg.side} ({'injured' if leg.side == injured_side else 'uninjured'})"
            if injured_side in ("left", "right") else leg.side)
        if leg.earlier_day is None:
            lines.append(f"{which.capitalize()}, {leg.latest_day}: "
                         f"{WHY_NOT_WORDS.get(leg.why_not or '', leg.why_not or '')}")
            continue
        lines.append(f"{which.capitalize()}, {leg.earlier_day} -> {leg.latest_day}: "
                     + ", ".join(measure_words(c) for c in leg.changes)
                     + f": {verdict_words(leg.changes)}.")
    return lines


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def lsi_line(symmetry: Sequence[SymmetryPoint]) -> str | None:
    """The latest limb symmetry index of the heel-rise tests (injured vs uninjured)."""
    latest = {p.measure: p for p in symmetry if p.measure in ("reps", "work")}
    if not latest:
        return None
    parts = [f"{'reps' if m == 'reps' else 'work'} {p.pct:.0f} % (week {p.week})"
             for m, p in sorted(latest.items(), key=lambda kv: kv[0] != "reps")]
    return ("Limb symmetry index, injured as % of uninjured leg, latest: " + ", ".join(parts)
            + ". No detectable change is published for the index itself.")


def mdc_sources_line(reps: float, work_j: float, peak_mm: float) -> str:
    return (f"Minimal detectable change (95 %) = 1.96 x sqrt(2) x SEM: {reps:.0f} reps, "
            f"{work_j:,.0f} J, {peak_mm / 10:.1f} cm (SEMs of Byrne 2017, linear encoder, "
            "unless the kiosk's settings give others). A change is called beyond what the "
            "test can detect only when it is larger than that.")
