"""Builds the ``LiveView`` snapshots the screens read (about 30 a second).

Pure: given the running session (or None), the step's health and the cue
showing, it returns an immutable view. The service decides when to build one.
"""

from __future__ import annotations

from kiosk.analysis.events import LiveState
from kiosk.session.cues import CueBoard
from kiosk.session.parts import RunningSession
from kiosk.session.ports import SampleSource
from kiosk.session.view import LiveView, SessionProblem, Stage


def idle_view(occupied: bool, sensor: str, error: SessionProblem | None) -> LiveView:
    """No session: home, sign-in and programme screens."""
    return LiveView(occupied=occupied, sensor_status=sensor, error=error)


def finished_view(session: RunningSession, occupied: bool, sensor: str,
                  error: SessionProblem | None) -> LiveView:
    """The session ended: the summary screen."""
    flow = session.flow
    return LiveView(
        stage=Stage.FINISHED,
        occupied=occupied,
        set_index=flow.set_index,
        sets_total=flow.sets_total,
        rep_count=flow.rep_count,
        reps_target=0 if session.heel_rise else flow.reps_target,
        sensor_status=sensor,
        error=error,
    )


def running_view(session: RunningSession, live: LiveState, now: float, cues: CueBoard,
                 sensor: str, error: SessionProblem | None) -> LiveView:
    """A session under way: calibration, countdown, set, pause and rest screens."""
    flow = session.flow
    pacing = session.parts.pacer.snapshot(now)
    if flow.running and pacing.cue_kind == "slower":
        cues.show("slower", now)
    stage = flow.stage
    cue = cues.current(now) if stage is not Stage.PAUSED else None
    return LiveView(
        stage=stage,
        occupied=live.occupied,
        heel_mm=live.heel_mm,
        target_mm=session.programme.target_mm,
        sensor_status=sensor,
        asked_phase=pacing.asked_phase if not pacing.done else "rest",
        asked_progress=pacing.asked_progress if not pacing.done else flow.progress(now),
        heel_phase=live.heel_phase,
        set_index=flow.set_shown,
        sets_total=flow.sets_total,
        rep_count=flow.rep_count,
        reps_target=0 if session.heel_rise else flow.reps_target,
        left_share=live.left_share,
        toe_share_left=live.toe_share_left,
        toe_share_right=live.toe_share_right,
        cue_kind=cue,
        calibration_progress=live.calibration_progress,
        feet=live.feet,
        countdown=flow.countdown(now),
        rest_remaining_s=flow.remaining_s(now) if stage is Stage.RESTING else None,
        error=error,
        variant=session.programme.variant,
        heel_rise_test=session.heel_rise,
    )


# With no sample for this long, the strips count as not responding.
SILENT_S = 1.0
# Screens poll about 30 times a second; a snapshot per sample at 1000 Hz would be waste.
VIEW_INTERVAL_S = 1 / 60


class ViewPublisher:
    """Keeps the latest ``LiveView``, rebuilt when forced or when one is due.

    :param step: the step, for its sensors' health (None: tests without sensors).
    :param cues: the cue board of the live screen.
    """

    def __init__(self, step: SampleSource | None, cues: CueBoard) -> None:
        self.view = LiveView()
        self._step = step
        self._cues = cues
        self._last_t = float("-inf")

    def due(self, now: float) -> bool:
        return now - self._last_t >= VIEW_INTERVAL_S

    def publish(self, now: float, session: RunningSession | None, *, occupied: bool,
                error: SessionProblem | None, quiet_s: float, faulted: bool) -> None:
        """Build the view for ``now``.

        :param error: a problem the service already knows of (it outranks the rest).
        :param quiet_s: seconds since the last sample arrived (0 without a step).
        :param faulted: the per-sample path failed recently.
        """
        self._last_t = now
        health = self._step.status() if self._step is not None else None
        tof = str(health.tof) if health is not None else "ok"
        strips = str(health.strips) if health is not None else "ok"
        if error is None:
            if strips == "failed" or quiet_s >= SILENT_S:
                error = SessionProblem.SENSORS_SILENT
            elif tof == "disconnected":
                error = SessionProblem.TOF_DISCONNECTED
            elif faulted:
                error = SessionProblem.INTERNAL
        if session is None:
            self.view = idle_view(occupied, tof, error)
        elif session.status is not None:
            self.view = finished_view(session, occupied, tof, error)
        else:
            self.view = running_view(session, session.parts.engine.state(), now, self._cues,
                                     tof, error)
