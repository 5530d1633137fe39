"""Sample views for the screenshots (and the layout tests): one snapshot per screen.

``SampleSession`` stands in for the session service with a fixed ``LiveView``. The
sample database (patients, staff, review history, a simulated step) is simulation:
``kiosk.sim.samples``, handed in by the composition root.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.analysis.events import FeetCheck
from kiosk.programme import Programme, Tempo
from kiosk.session.view import LiveView, RepView, SessionSummary, Stage

SAMPLE_PROGRAMME = Programme(position="step", variant="both", sets=3, reps=12,
                             tempo=Tempo(2, 1, 3), target_mm=70.0)

SAMPLE_VIEWS: dict[str, LiveView] = {
    "home": LiveView(),
    "signin": LiveView(),
    "programme": LiveView(),
    "calibration": LiveView(
        stage=Stage.CALIBRATING, occupied=True, calibration_progress=0.6,
        left_share=0.58, feet=FeetCheck.UNEVEN,
    ),
    "live": LiveView(
        stage=Stage.ACTIVE, occupied=True, heel_mm=52.0, target_mm=70.0, asked_phase="lower",
        asked_progress=0.4, heel_phase="lower", set_index=2, sets_total=3, rep_count=7,
        reps_target=12, left_share=0.47, toe_share_left=0.55, toe_share_right=0.38,
        cue_kind="ankles_out",
    ),
    "rest": LiveView(
        stage=Stage.RESTING, occupied=True, asked_phase="set_rest", set_index=1, sets_total=3,
        rep_count=12, reps_target=12, rest_remaining_s=42.0,
    ),
    "summary": LiveView(stage=Stage.FINISHED),
}

SAMPLE_SUMMARY = SessionSummary(
    session_id="sample", status="completed", reps=36, sets_done=3, best_mm=78.0,
    average_mm=66.5, symmetry_pct=91.0, faults={"ankles_out": 3, "too_fast": 1},
    previous_reps=30, previous_average_mm=61.0, duration_s=620.0, saved=True,
)

class SampleSession:
    """A session service that shows one fixed snapshot (for screenshots and layout tests)."""

    def __init__(self) -> None:
        self.view = LiveView()
        self.summary_value: SessionSummary | None = None
        self.requests: list[str] = []

    def begin_session(self, patient_id: str | None, programme: Programme | None = None,
                      body_mass_kg: float | None = None) -> None:
        self.requests.append("begin")

    def pause(self) -> None:
        self.requests.append("pause")

    def resume(self) -> None:
        self.requests.append("resume")

    def stop(self) -> None:
        self.requests.append("stop")

    def skip_rest(self) -> None:
        self.requests.append("skip_rest")

    def dismiss(self) -> None:
        self.requests.append("dismiss")

    def touch(self) -> None:
        """Sample screens never time out: nothing to restart."""

    def snapshot(self) -> LiveView:
        return self.view

    def summary(self) -> SessionSummary | None:
        return self.summary_value

    def add_rep_listener(self, listener: Callable[[RepView], None]) -> None:
        """Sample screens count no reps: nothing to tell."""
