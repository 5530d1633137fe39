"""What one running session is made of: its analysis, metronome, recording and test.

``SessionParts.open`` builds them for a programme; the session service feeds
them on its session thread and closes them at the end. ``RunningSession`` is
the service's record of the session under way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from kiosk.analysis.calibration import Calibration
from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.heel_rise_test import HeelRiseTest
from kiosk.config import Config
from kiosk.pacing.pacer import Pacer
from kiosk.pacing.runner import PacerLoop
from kiosk.pacing.signals import TempoOutput, ToneOutput
from kiosk.programme import Programme
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


@dataclasses.dataclass
class SessionParts:
    """The per-session pieces (used only on the sample thread, except the pacer loop)."""

    engine: MovementEngine
    pacer: Pacer
    recording: SessionRecording
    pacer_loop: PacerLoop | None = None
    heel_rise_test: HeelRiseTest | None = None
    body_mass_kg: float | None = None  # the patient's, for the heel-rise test's work

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
    ) -> SessionParts:
        """Build the parts of a new session.

        :param clock: the session clock (the step's sample clock) for the pacer.
        :param realtime: run the pacer on its own thread against ``clock``
            (the kiosk); False: the service calls ``pacer.update`` per sample (tests).
        """
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
            clock=clock,
        )
        recording = SessionRecording(store, session_id)
        return cls(
            engine=engine,
            pacer=pacer,
            recording=recording,
            pacer_loop=PacerLoop(pacer, clock=clock) if realtime else None,
            body_mass_kg=body_mass_kg,
        )

    def start_heel_rise_test(self, t: float) -> None:
        """The test's set begins at ``t`` (recording clock)."""
        self.heel_rise_test = HeelRiseTest(self.body_mass_kg, start_s=t)

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
    heel_phase: str = "rest"  # from the analysis' PhaseChanged events
    status: str | None = None  # set when it ended

    @property
    def heel_rise(self) -> bool:
        return self.programme.mode == "heel_rise_test"
