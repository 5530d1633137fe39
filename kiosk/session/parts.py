"""What one running session is made of: its analysis, metronome, recording and test.

``SessionParts.open`` builds them for a programme; the session service feeds
them on its session thread and closes them at the end. ``RunningSession`` is
the service's record of the session under way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from kiosk.analysis.calibration import Calibration
from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.heel_rise_test import HeelRiseRules, HeelRiseTest
from kiosk.analysis.sensor_health import QualityLimits, SensorHealth
from kiosk.config import Config, HeelRiseConfig
from kiosk.pacing.pacer import Pacer
from kiosk.pacing.runner import PacerLoop
from kiosk.pacing.signals import TempoOutput, ToneOutput
from kiosk.programme import Programme, Tempo
from kiosk.session.flow import SessionFlow
from kiosk.session.ports import SessionStore
from kiosk.session.view import RepView
from kiosk.storage.recordings import SessionRecording


def pacing_mode(programme: Programme, config: Config) -> str:
    """The heel-rise test is a strict metronome; exercise follows the prescription's
    pacing (strict: the lights lead; adaptive: they wait), else the config."""
    if programme.mode == "heel_rise_test" or programme.pacing == "strict":
        return "lead"
    if programme.pacing == "adaptive":
        return "adaptive"
    return config.session.pacing_mode


def heel_rise_side(programme: Programme) -> str:
    """The heel-rise test's side for storage: both, left or right."""
    return {"single_left": "left", "ecc_left": "left", "single_right": "right",
            "ecc_right": "right"}.get(programme.variant, "both")


def heel_rise_rules(config: HeelRiseConfig) -> HeelRiseRules:
    """The test's stop rules from the config section ``[heel_rise]``."""
    return HeelRiseRules(
        beat_s=60.0 / config.pace_bpm, first_reps=config.first_reps,
        low_fraction=config.low_fraction, low_reps_to_end=config.low_reps_to_end,
        missed_beats_to_end=config.missed_beats_to_end, support_margin=config.support_margin,
        support_rests=config.support_rests, support_hold_s=config.support_hold_s)


def strip_total(strips: tuple[int, ...], calibration: Calibration | None) -> float:
    """The six strips' load together, calibrated as the analysis reads them."""
    if calibration is None:
        return float(sum(strips))
    return sum((c - b) * g for c, b, g in zip(strips, calibration.baselines,
                                               calibration.gains, strict=True))


def quality_limits(config: HeelRiseConfig) -> QualityLimits:
    return QualityLimits(
        fair_dropout_share=config.fair_dropout_share,
        poor_dropout_share=config.poor_dropout_share, fair_noise_mm=config.fair_noise_mm,
        poor_noise_mm=config.poor_noise_mm,
        calibration_max_age_days=config.calibration_max_age_days)


def calibration_source(calibration: Calibration | None,
                       record: Mapping[str, object] | None,
                       now: datetime | None = None) -> tuple[str, float | None]:
    """``staff`` (with the calibration's age in days), ``learned`` or ``none``."""
    if record is not None and record.get("source") == "staff":
        try:
            at = datetime.fromisoformat(str(record.get("calibrated_at")).replace("Z", "+00:00"))
            age = ((now or datetime.now(UTC)) - at).total_seconds() / 86400
        except (ValueError, TypeError):
            age = None  # an unreadable date: the calibration is staff's, its age unknown
        return "staff", age
    return ("learned" if calibration is not None else "none"), None


@dataclasses.dataclass
class Stance:
    """The strips' mean total while the heels are down (the countdown's still stance)."""

    total: float = 0.0
    samples: int = 0

    def add(self, load: float) -> None:
        self.total += load
        self.samples += 1

    def mean(self) -> float | None:
        return self.total / self.samples if self.samples >= 10 else None


@dataclasses.dataclass
class SessionParts:
    """The per-session pieces (used only on the sample thread, except the pacer loop)."""

    engine: MovementEngine
    pacer: Pacer
    recording: SessionRecording
    pacer_loop: PacerLoop | None = None
    heel_rise_test: HeelRiseTest | None = None
    body_mass_kg: float | None = None  # the patient's, for the heel-rise test's work
    calibration: Calibration | None = None  # the strips' (for the test's load rule)
    rules: HeelRiseRules = dataclasses.field(default_factory=HeelRiseRules)
    health: SensorHealth = dataclasses.field(default_factory=SensorHealth)
    stance: Stance = dataclasses.field(default_factory=Stance)
    cue_lights: bool = False  # the metronome shows on the tempo lights
    cue_sound: bool = False  # and beeps (a fitted buzzer, not muted)
    limits: QualityLimits = dataclasses.field(default_factory=QualityLimits)
    simulated: bool = False  # a sensor of the step is simulated
    calibration_source: str = "none"  # staff / learned / none
    calibration_age_days: float | None = None

    @classmethod
    def open(
        cls,
        *,
        store: SessionStore,
        session_id: str,
        programme: Programme,
        config: Config,
        calibration: Calibration | None,
        lights: TempoOutput | None,
        beeper: ToneOutput | None,
        countdown_s: float,
        clock: Callable[[], float],
        realtime: bool,
        body_mass_kg: float | None,
        calibration_record: Mapping[str, object] | None = None,
    ) -> SessionParts:
        """Build the parts of a new session.

        :param clock: the session clock (the step's sample clock) for the pacer.
        :param realtime: run the pacer on its own thread against ``clock``
            (the kiosk); False: the service calls ``pacer.update`` per sample (tests).
        """
        rules = heel_rise_rules(config.heel_rise)
        if programme.mode == "heel_rise_test":
            # One beat up, one beat down at the protocol's pace.
            programme = dataclasses.replace(programme, tempo=Tempo(
                up_s=rules.beat_s, hold_s=0.0, down_s=rules.beat_s, rest_s=0.0))
        engine = MovementEngine(
            config.analysis,
            calibration=calibration,
            tempo=programme.tempo,
            target_mm=programme.target_mm,
        )
        pacer = Pacer(
            programme,
            lights,
            beeper,
            mode=pacing_mode(programme, config),
            countdown_step_s=countdown_s / 3,
            too_fast_ratio=config.analysis.too_fast_ratio,
            clock=clock,
        )
        recording = SessionRecording(store, session_id)
        source, age = calibration_source(calibration, calibration_record)
        return cls(
            engine=engine,
            pacer=pacer,
            recording=recording,
            pacer_loop=PacerLoop(pacer, clock=clock) if realtime else None,
            body_mass_kg=body_mass_kg,
            calibration=calibration,
            rules=rules,
            cue_lights=lights is not None,
            cue_sound=(beeper is not None and not config.lights.mute
                       and config.lights.volume > 0),
            limits=quality_limits(config.heel_rise),
            simulated="sim" in (config.tof.backend, config.strips.backend),
            calibration_source=source,
            calibration_age_days=age,
        )

    def start_heel_rise_test(self, t: float) -> None:
        """The test's set begins at ``t`` (recording clock), against the standing load
        of the still stance before it."""
        self.heel_rise_test = HeelRiseTest(self.body_mass_kg, start_s=t, rules=self.rules,
                                           standing_load=self.stance.mean())

    def stop_pacing(self) -> None:
        """Lights dark, metronome thread ended (safe twice)."""
        self.pacer.stop()
        if self.pacer_loop is not None:
            self.pacer_loop.close()
            self.pacer_loop = None


@dataclasses.dataclass
class RunningSession:
    """What the service keeps about the current session (session thread only)."""

    session_id: str
    patient_id: str | None
    programme: Programme
    t0: float  # step time at the start: recording times are relative to it
    flow: SessionFlow
    parts: SessionParts
    reps: list[RepView] = dataclasses.field(default_factory=list)
    last_activity: float = 0.0
    last_progress: float = 0.0  # a rep, a touch, or resting (see ``no_rep_timeout_s``)
    reps_at_progress: int = 0
    heel_phase: str = "rest"  # from the analysis' PhaseChanged events
    status: str | None = None  # set when it ended

    @property
    def heel_rise(self) -> bool:
        return self.programme.mode == "heel_rise_test"
