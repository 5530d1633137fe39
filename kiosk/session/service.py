"""The session service: routes the step's samples and the screens' requests.

One ``SessionService`` lives for the kiosk's whole run. Samples arrive on its
session thread (``SampleThread``), which also wakes on its own clock when the
strips fall silent; requests from the screens are queued and carried out there,
so the UI never waits on the disk. A running session's events and transitions
are the ``SessionConductor``'s: a rep is committed before it is counted,
shown or handed to listeners. Time is the step's sample clock (``Sample.t``),
so tests feed samples faster than real time through ``on_sample``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable

from kiosk.analysis.calibration import Calibration
from kiosk.analysis.samples import Sample
from kiosk.config import Config
from kiosk.errors import SmartStepError
from kiosk.programme import Programme
from kiosk.session.conductor import SessionConductor
from kiosk.session.cues import CueBoard
from kiosk.session.empty_step import EmptyStepWatcher
from kiosk.session.live_view import ViewPublisher
from kiosk.session.log_writer import SessionLog, problem_of
from kiosk.session.parts import RunningSession
from kiosk.session.ports import SampleSource, SessionDevices, SessionStore
from kiosk.session.programmes import default_programme
from kiosk.session.sample_thread import SampleThread
from kiosk.session.starting import open_session
from kiosk.session.view import LiveView, RepView, SessionProblem, SessionSummary, Stage
from kiosk.strip_calibration import SavedCalibration

__all__ = ["SessionService", "default_programme"]

log = logging.getLogger(__name__)


RepListener = Callable[[RepView], None]
SavedListener = Callable[[str], None]


class SessionService:
    """Runs kiosk sessions on its own thread, fed by the step.

    :param store: where sessions, reps and recordings go.
    :param config: the kiosk configuration.
    :param step: the sample stream; None when the caller feeds ``on_sample`` itself.
    :param devices: the tempo lights, buzzer and start button.
    :param realtime: run the metronome on its own thread; default: only with a step.
    :param countdown_s: length of the 3-2-1 before each set.
    :param saved_calibration: staff's saved strip calibration (None: never calibrated),
        preferred over the baselines learned from the empty step.
    """

    def __init__(self, store: SessionStore, config: Config, *, step: SampleSource | None = None,
                 devices: SessionDevices | None = None, realtime: bool | None = None,
                 countdown_s: float = 3.0,
                 saved_calibration: Callable[[], SavedCalibration | None] | None = None,
                 ) -> None:
        self.config = config
        self._saved_calibration = saved_calibration
        self.store = store
        self.countdown_s = countdown_s
        self.devices = devices or SessionDevices()
        self._step = step
        self._realtime = step is not None if realtime is None else realtime
        self._step_start = step.start if step is not None else time.monotonic()
        self._log = SessionLog(store, config.step_id)
        self._lock = threading.RLock()  # the session; held while a sample is handled
        self._commands: deque[Callable[[], None]] = deque()
        self._session: RunningSession | None = None
        self._summary: SessionSummary | None = None
        self._new_reps: deque[RepView] = deque()
        self._listeners: list[RepListener] = []
        self._saved_listeners: list[SavedListener] = []
        self._cues = CueBoard()
        self._views = ViewPublisher(step, self._cues)
        self._empty = EmptyStepWatcher(config.analysis)
        self._conductor = SessionConductor(
            self._log, self._cues, rep_committed=self._rep_committed, ended=self._ended,
            changed=lambda: self._publish(force=True), realtime=self._realtime,
        )
        self._now = 0.0
        self._touched = False
        self._error: SessionProblem | None = None
        self._thread: SampleThread | None = None

    # -- life cycle -------------------------------------------------------------

    def start(self) -> None:
        """Listen to the step's samples (on the session thread) and the physical button."""
        if self._step is not None and self._thread is None:
            self._thread = SampleThread(self._step, self.on_sample, self.on_quiet,
                                        self._on_fault, self.clock, log)
        if self.devices.button is not None:
            self.devices.button.on_press = self.toggle  # called from gpiozero's thread

    def close(self) -> None:
        """Stop listening; a running session is saved as stopped. Safe twice."""
        if self._thread is not None:
            self._thread.close()
        button = self.devices.button
        if button is not None and button.on_press == self.toggle:
            button.on_press = None
        with self._lock:
            self._run_commands()
            self._end_session("stopped", "kiosk shut down")

    def __enter__(self) -> SessionService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def clock(self) -> float:
        """Now on the session clock (the step's sample clock)."""
        return time.monotonic() - self._step_start

    # -- requests from the screens (any thread; carried out on the session thread) --

    def begin_session(self, patient_id: str | None, programme: Programme | None = None,
                      body_mass_kg: float | None = None) -> None:
        """Start a session for a patient (None: a guest); default: the config's programme.

        :param body_mass_kg: for the heel-rise test's work in joules.
        """
        chosen = programme or default_programme(self.config)
        self._request(lambda: self._begin(patient_id, chosen, body_mass_kg))

    def pause(self) -> None:
        self._request(lambda: self._when_running(self._pause))

    def resume(self) -> None:
        self._request(lambda: self._when_running(self._resume))

    def toggle(self) -> None:
        """The physical button: start a guest session when idle, else pause / resume."""
        self._request(self._toggle)

    def stop(self) -> None:
        """End the session now and save it (status ``stopped``); the summary follows."""
        self._request(lambda: self._stop("stopped by the patient"))

    def skip_rest(self) -> None:
        """The patient is ready before the rest between sets is over."""
        self._request(lambda: self._when_running(
            lambda s: self._conductor.apply(s, s.flow.skip_rest(self._now), self._now)))

    def dismiss(self) -> None:
        """Leave the summary (or end a running session) and go back to idle."""
        self._request(self._dismiss)

    def touch(self) -> None:
        """The screen was touched: restarts the idle timeout."""
        self._touched = True

    # -- what the screens read --------------------------------------------------

    def snapshot(self) -> LiveView:
        """The latest live view (immutable; cheap, any thread)."""
        return self._views.view

    def drain_reps(self) -> list[RepView]:
        """Reps counted since the last call, oldest first (every one already stored)."""
        out = []
        while self._new_reps:
            out.append(self._new_reps.popleft())
        return out

    def add_rep_listener(self, listener: RepListener) -> None:
        """Call ``listener(rep)`` on the session thread right after each rep is committed."""
        self._listeners.append(listener)

    def add_saved_listener(self, listener: SavedListener) -> None:
        """Call ``listener(session_id)`` on the session thread once a session's end is
        stored (its recording closed); it must return quickly."""
        self._saved_listeners.append(listener)

    def summary(self) -> SessionSummary | None:
        """The summary of the session that ended last, or None."""
        return self._summary

    @property
    def session_id(self) -> str | None:
        """The running (or just finished) session's id."""
        session = self._session
        return session.session_id if session else None

    # -- the session thread -------------------------------------------------------

    def on_sample(self, sample: Sample) -> None:
        """Handle one sample (on the session thread, or directly from a test)."""
        with self._lock:
            self._now = sample.t
            self._run_commands()
            session = self._running()
            if session is None:
                self._idle(self._empty.offer(sample.strips))
                return
            try:
                self._conductor.sample(session, sample, self._now)
            except (OSError, sqlite3.Error) as exc:  # StorageFullError is an OSError
                self._fail(exc)
                return
            if session.status is not None:
                return
            touched = self._take_touch()
            if session.parts.engine.occupied or touched:
                session.last_activity = self._now
            elif self._now - session.last_activity >= self.config.session.idle_timeout_s:
                self._stop("idle timeout", idle=True)
                return
            if self._no_progress(session, touched):
                self._stop("no rep", idle=True)
                return
            self._publish()

    def on_quiet(self, now: float) -> None:
        """No sample for a while: requests and timers still run, on the wall clock."""
        with self._lock:
            self._now = max(self._now, now)
            self._run_commands()
            session = self._running()
            if session is None:
                self._idle(self._views.view.occupied)
            else:
                touched = self._take_touch()
                if not touched and (
                        self._now - session.last_activity >= self.config.session.idle_timeout_s):
                    self._stop("idle timeout", idle=True)
                elif self._no_progress(session, touched):
                    self._stop("no rep", idle=True)
            self._publish(force=True)

    def _no_progress(self, session: RunningSession, touched: bool) -> bool:
        """True when the session has gone ``no_rep_timeout_s`` without a rep or a touch
        outside a rest (a rest is bounded by the programme)."""
        if (touched or len(session.reps) != session.reps_at_progress
                or session.flow.stage is Stage.RESTING):
            session.last_progress = self._now
            session.reps_at_progress = len(session.reps)
            return False
        return self._now - session.last_progress >= self.config.session.no_rep_timeout_s

    def _on_fault(self) -> None:
        with self._lock:
            self._publish(occupied=self._views.view.occupied, force=True)

    def _running(self) -> RunningSession | None:
        session = self._session
        return session if session is not None and session.status is None else None

    def _idle(self, occupied: bool) -> None:
        session = self._session
        if session is not None:  # the summary is showing: home when nobody is around
            if occupied or self._take_touch():
                session.last_activity = self._now
            elif self._now - session.last_activity >= self.config.session.idle_timeout_s:
                self._dismiss()
                return
        if occupied != self._views.view.occupied or self._views.due(self._now):
            self._publish(occupied=occupied, force=True)

    def _take_touch(self) -> bool:
        touched, self._touched = self._touched, False
        return touched

    # -- requests, carried out on the session thread --------------------------------

    def _request(self, command: Callable[[], None]) -> None:
        self._touched = True
        self._commands.append(command)

    def _run_commands(self) -> None:
        while self._commands:
            command = self._commands.popleft()
            try:
                command()
            except (OSError, sqlite3.Error) as exc:
                self._fail(exc)
            except SmartStepError:
                log.exception("session request refused")
                self._error = SessionProblem.INTERNAL
                self._publish(force=True)

    def _when_running(self, action: Callable[[RunningSession], None]) -> None:
        session = self._running()
        if session is not None:
            action(session)

    def _begin(self, patient_id: str | None, programme: Programme, mass: float | None) -> None:
        if self._running() is not None:
            return  # one session at a time
        self._summary = None
        self._error = None
        self._cues.clear()
        self._new_reps.clear()
        calibration, record = self._calibration()
        self._session = open_session(
            self._log, self.config, self.devices, patient_id, programme, mass,
            calibration=calibration, calibration_record=record, now=self._now,
            countdown_s=self.countdown_s, realtime=self._realtime,
            clock=self.clock if self._realtime else lambda: self._now,
        )
        self._publish(force=True)

    def _calibration(self) -> tuple[Calibration | None, dict[str, object] | None]:
        """Staff's saved calibration, else the empty step's baselines; and what the
        session keeps of it."""
        if self._saved_calibration is not None:
            try:
                saved = self._saved_calibration()
            except (OSError, sqlite3.Error):
                log.exception("saved strip calibration unreadable: using the empty step's")
                saved = None
            if saved is not None:
                return saved.calibration, saved.session_json()
        learned = self._empty.calibration()
        return learned, ({"baselines": list(learned.baselines)} if learned else None)

    def _toggle(self) -> None:
        session = self._running()
        if session is None:
            self._begin(None, default_programme(self.config), None)
        elif session.flow.stage is Stage.PAUSED:
            self._resume(session)
        else:
            self._pause(session)

    def _pause(self, session: RunningSession) -> None:
        if session.flow.pause(self._now):
            session.parts.pacer.pause(self._now)
            self._publish(force=True)

    def _resume(self, session: RunningSession) -> None:
        transitions = session.flow.resume(self._now)
        if transitions is not None:
            if session.flow.stage is Stage.RESTING:
                session.parts.pacer.resume(self._now)
            self._conductor.apply(session, transitions, self._now)
            self._publish(force=True)

    def _stop(self, reason: str, idle: bool = False) -> None:
        if self._running() is None:
            return
        self._end_session("stopped", reason)
        if idle:  # nobody is there to read a summary: back to the start screen
            self._dismiss()

    def _dismiss(self) -> None:
        if self._running() is not None:
            self._end_session("stopped", "left the session")
        self._session = None
        self._error = None
        self._cues.clear()
        self._publish(force=True)

    def _end_session(self, status: str, reason: str | None = None) -> None:
        session = self._running()
        if session is not None:
            self._conductor.end(session, status, reason, self._now)

    def _ended(self, summary: SessionSummary, problem: SessionProblem | None) -> None:
        self._summary = summary
        if problem is not None:
            self._error = problem
        self._publish(force=True)
        if summary.saved:
            for listener in list(self._saved_listeners):
                try:
                    listener(summary.session_id)
                except Exception:  # e.g. a cache that cannot be queued: only speed is lost
                    log.exception("saved-session listener failed")

    def _rep_committed(self, view: RepView) -> None:
        self._new_reps.append(view)
        # Publish before telling listeners, so one that reads snapshot() sees this rep.
        self._publish(force=True)
        for listener in list(self._listeners):
            try:
                listener(view)
            except Exception:  # a broken screen must not stop the counting
                log.exception("rep listener failed")

    def _fail(self, exc: BaseException) -> None:
        """A storage error: end the session cleanly and show what went wrong."""
        log.error("session failed: %s", exc)
        self._end_session("stopped", "storage error")
        self._error = problem_of(exc)
        self._publish(force=True)

    def _publish(self, occupied: bool = False, force: bool = False) -> None:
        if force or self._views.due(self._now):
            thread = self._thread
            self._views.publish(
                self._now, self._session, occupied=occupied, error=self._error,
                quiet_s=thread.quiet_s() if thread is not None else 0.0,
                faulted=thread is not None and thread.faults.active,
            )
