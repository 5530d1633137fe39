"""One running session's events and transitions, in the order that keeps every
shown rep stored.

The service hands each sample of a running session to ``SessionConductor``;
the conductor feeds the analysis, routes its events (reps, faults, the top of
a rep) to the store, the metronome and the cue board, and carries out the
flow's transitions (sets start and end, the session finishes). A counted rep
is committed before ``rep_committed`` is called: nothing is shown that is not
in the database.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from kiosk.analysis.events import FaultDetected, PhaseChanged, Rep, RepCompleted, TopReached
from kiosk.analysis.heel_rise_test import HEELS_DOWN_MM
from kiosk.analysis.samples import Sample
from kiosk.errors import SmartStepError
from kiosk.session.cues import CueBoard
from kiosk.session.flow import Transition
from kiosk.session.log_writer import SessionLog, problem_of
from kiosk.session.parts import RunningSession, strip_total
from kiosk.session.summary import build_summary, with_heel_rise_result
from kiosk.session.view import RepView, SessionProblem, SessionSummary, Stage

log = logging.getLogger(__name__)

RepCommitted = Callable[[RepView], None]
SessionEnded = Callable[[SessionSummary, SessionProblem | None], None]


class SessionConductor:
    """Carries out a running session's events and transitions.

    :param session_log: where sets, reps and the end are written.
    :param cues: the cue board the live screen shows.
    :param rep_committed: called after each rep's commit (the service publishes it).
    :param ended: called with the summary (and a storage problem, if any) when a
        session ends, however it ends.
    :param changed: called after each transition (the service publishes a view).
    :param realtime: the metronome runs on its own thread; else it is updated per sample.
    """

    def __init__(self, session_log: SessionLog, cues: CueBoard, *, rep_committed: RepCommitted,
                 ended: SessionEnded, changed: Callable[[], None], realtime: bool) -> None:
        self._log = session_log
        self._cues = cues
        self._rep_committed = rep_committed
        self._ended = ended
        self._changed = changed
        self._realtime = realtime

    def sample(self, session: RunningSession, sample: Sample, now: float) -> None:
        """One sample of a running session (time ``now`` on the session clock).

        :raises OSError, sqlite3.Error: the recording or the store failed.
        """
        parts = session.parts
        engine = parts.engine
        rel = Sample(now - session.t0, sample.tof_mm, sample.strips)
        parts.recording.write(rel)
        for event in engine.feed(rel):
            self._route(session, event, now)
            if session.status is not None:
                return
        flow = session.flow
        parts.health.feed(sample.tof_mm, engine.heel_mm)
        if session.heel_rise:
            self._heel_rise_sample(session, rel, engine.heel_mm, now)
            if session.status is not None:
                return
        ready = False
        if flow.stage is Stage.CALIBRATING:
            live = engine.state()
            ready = live.zeroed and live.feet is None
        self.apply(session, flow.tick(now, ready=ready), now)
        if session.status is not None:
            return
        parts.pacer.on_heel(now, engine.heel_mm, session.heel_phase)
        if not self._realtime:
            parts.pacer.update(now)

    def _heel_rise_sample(self, session: RunningSession, rel: Sample, heel_mm: float | None,
                          now: float) -> None:
        """The test's load and clock rules; the still stance before it (its standing load)."""
        parts, flow = session.parts, session.flow
        test = parts.heel_rise_test
        if flow.stage is Stage.COUNTDOWN:
            if heel_mm is not None and heel_mm < HEELS_DOWN_MM:
                parts.stance.add(strip_total(rel.strips, parts.calibration))
        elif test is not None and flow.running:
            ended = test.load(rel.t, strip_total(rel.strips, parts.calibration), heel_mm)
            if test.tick(rel.t) or ended:
                self.apply(session, flow.end_set(now), now)

    def _route(self, session: RunningSession, event: object, now: float) -> None:
        running = session.flow.running
        if isinstance(event, PhaseChanged):
            session.heel_phase = event.phase
            if event.phase == "rise" and running:
                self._cues.next_rep(now)
        elif isinstance(event, RepCompleted) and running:
            self._rep_completed(session, event.rep, now)
        elif isinstance(event, FaultDetected) and running:
            session.parts.pacer.on_fault(now, event.kind)
            self._cues.show(event.kind, now)
        elif isinstance(event, TopReached) and running and session.programme.lift_cue:
            self._cues.show(session.programme.lift_cue, now)

    def _rep_completed(self, session: RunningSession, rep: Rep, now: float) -> None:
        test = session.parts.heel_rise_test
        ended = test.add_rep(rep) if test is not None else False
        # The heel-rise test counts only reps that keep to its rules.
        if test is None or (test.counted and test.counted[-1] is rep):
            self._count_rep(session, rep, now)
        if ended and session.flow.running:
            self.apply(session, session.flow.end_set(now), now)

    def _count_rep(self, session: RunningSession, rep: Rep, now: float) -> None:
        flow = session.flow
        view = RepView.of(rep, number=flow.rep_count + 1, set_index=flow.set_index)
        # Commit first: only a stored rep may be counted or shown.
        self._log.add_rep(session.session_id, view.set_index, view.number, rep)
        session.reps.append(view)
        transitions = flow.count_rep(now)
        session.parts.pacer.on_rep_completed(now)
        self._rep_committed(view)
        self.apply(session, transitions, now)

    def apply(self, session: RunningSession, transitions: list[Transition], now: float) -> None:
        """Carry out the flow's transitions, in order, until the session ends."""
        for transition in transitions:
            if session.status is not None:
                return
            self._apply(session, transition, now)

    def _apply(self, session: RunningSession, transition: Transition, now: float) -> None:
        flow, pacer = session.flow, session.parts.pacer
        if transition is Transition.COUNTDOWN_STARTED:
            # The lights count 3-2-1 with the screen, then lead the set's reps.
            pacer.start_set(flow.set_index + (0 if flow.resuming_set else 1), at=now)
        elif transition is Transition.SET_STARTED:
            target = None if session.heel_rise else flow.reps_target
            self._log.start_set(session.session_id, flow.set_index, target)
            if session.heel_rise:
                session.parts.start_heel_rise_test(now - session.t0)
        elif transition is Transition.SET_ENDED:
            self._log.end_set(session.session_id, flow.set_index)
            pacer.finish_set(now)
        elif transition is Transition.FINISHED:
            self.end(session, "completed", None, now)
        self._changed()

    def end(self, session: RunningSession, status: str, reason: str | None, now: float) -> None:
        """Stop the parts, store the end and the test result, report the summary."""
        if session.status is not None:
            return
        session.status = status
        session.flow.finish()
        session.parts.stop_pacing()
        saved, previous, problem = False, None, None
        try:
            self._log.finish(session.session_id, session.patient_id, session.programme,
                             session.parts, status, reason, now - session.t0)
            saved = True
            previous = self._log.previous(session.patient_id, session.session_id)
        except (OSError, sqlite3.Error, SmartStepError) as exc:
            # The reps already shown are stored; the next start completes the tidy-up
            # (an open session becomes "interrupted").
            problem = problem_of(exc)
            log.error("ending session %s: %s", session.session_id, exc)
        summary = build_summary(session.session_id, status, session.reps,
                                session.flow.sets_done, now - session.t0, previous, saved=saved)
        test = session.parts.heel_rise_test
        if test is not None:
            summary = with_heel_rise_result(summary, test.result())
        self._ended(summary, problem)
