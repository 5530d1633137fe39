"""The session service: the glue between the step, the analysis, the lights, storage and screens.

One ``SessionService`` lives for the kiosk's whole run. Everything that touches
the analysis, the recording or the database happens in ``on_sample``, on the
session thread: the step's sampling thread hands each sample over through a
queue and carries on, so a slow disk commit never costs a sample. The screens
only read immutable snapshots (``snapshot()``, ``drain_reps()``, ``summary()``)
and send requests (``begin_session``, ``pause`` ...) that are queued and
carried out at the next sample, so the UI never waits on the disk. The
metronome runs on its own thread (``PacerLoop``) against the sample clock.

Order of a counted rep (docs/session.md): the analysis completes it -> the
store commits it -> only then is it counted in ``LiveView.rep_count``, handed to
rep listeners and queued for ``drain_reps()``. Nothing is shown that is not in
the database.

Time is the step's sample clock (``Sample.t``): countdowns, rests, cues and
the idle timeout all run on it, so a test can feed samples faster than real time.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from kiosk.analysis.calibration import Calibration
from kiosk.analysis.events import (
    FaultDetected,
    LiveState,
    PhaseChanged,
    Rep,
    RepCompleted,
    TopReached,
)
from kiosk.analysis.samples import Sample
from kiosk.config import Config
from kiosk.errors import SmartStepError, StorageFullError
from kiosk.pacing.schedule import END_OF_SET_S
from kiosk.programme import Programme, Tempo
from kiosk.session.cues import CueBoard, lift_cue_for
from kiosk.session.flow import SessionFlow, Transition
from kiosk.session.parts import SessionParts, empty_step_calibration, heel_rise_side
from kiosk.session.summary import build_summary
from kiosk.session.view import LiveView, RepView, SessionSummary, Stage
from kiosk.storage.calibrations import SavedCalibration
from kiosk.storage.queries import patient_history

log = logging.getLogger(__name__)

# Below this many counts over all six strips the step counts as empty (outside a
# session; in a session the analysis decides occupancy).
EMPTY_STEP_COUNTS = 120
# Screens poll about 30 times a second; building a snapshot for every sample at
# 1000 Hz would be wasted work, so routine snapshots are spaced this far apart.
VIEW_INTERVAL_S = 1 / 60
SENSOR_UNPLUGGED = "The heel-height sensor is not connected. Please ask staff."
# Empty-step samples kept for the strip baselines of the next session.
BASELINE_WINDOW = 200

RepListener = Callable[[RepView], None]


def default_programme(config: Config) -> Programme:
    """The programme for a guest or a patient without a prescription (config [session])."""
    s = config.session
    return Programme(
        sets=s.sets, reps=s.reps, tempo=Tempo.parse(s.tempo), rest_between_sets_s=s.rest_s
    )


def _plain(exc: BaseException) -> str:
    """One line for the screen about a storage problem."""
    if isinstance(exc, StorageFullError):
        text = str(exc.strerror or exc)
        return text[:1].upper() + text[1:]
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"Could not save the session: {detail}"


@dataclasses.dataclass
class _Session:
    """What the service keeps about the running session (session thread only)."""

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


class SessionService:
    """Runs kiosk sessions on its own session thread, fed by the step.

    :param source: a ``Hardware`` (from ``build_hardware``: its ``step``, ``lights``,
        ``beeper`` and ``button`` are used), a ``Step``, or None when the caller
        feeds ``on_sample`` itself (tests, faster than real time).
    :param store: the ``kiosk.storage.Store``.
    :param config: the kiosk configuration.
    :param realtime: run the metronome on its own thread against the step clock;
        default: only when there is a real step. False: ``on_sample`` drives it.
    :param countdown_s: length of the 3-2-1 before each set.
    """

    def __init__(
        self,
        source: Any,
        store: Any,
        config: Config,
        *,
        lights: Any = None,
        beeper: Any = None,
        button: Any = None,
        realtime: bool | None = None,
        countdown_s: float = 3.0,
        saved_calibration: Callable[[], SavedCalibration | None] | None = None,
    ) -> None:
        self.config = config
        # Staff's saved strip calibration (``kiosk.storage.calibrations.SavedCalibration``
        # or None), preferred over the baselines learned from the empty step.
        self._saved_calibration = saved_calibration
        self.store = store
        self.countdown_s = countdown_s
        self._step = getattr(source, "step", source)
        self._lights = lights if lights is not None else getattr(source, "lights", None)
        self._beeper = beeper if beeper is not None else getattr(source, "beeper", None)
        self._button = button if button is not None else getattr(source, "button", None)
        step_start = getattr(self._step, "start", None)
        self._realtime = isinstance(step_start, float) if realtime is None else realtime
        self._step_start = step_start if isinstance(step_start, float) else time.monotonic()
        self._lock = threading.RLock()  # the session; held while a sample is handled
        self._commands: deque[Callable[[], Any]] = deque()
        self._session: _Session | None = None
        self._view = LiveView()
        self._summary: SessionSummary | None = None
        self._new_reps: deque[RepView] = deque()
        self._listeners: list[RepListener] = []
        self._cues = CueBoard()
        self._empty_samples: deque[Sample] = deque(maxlen=BASELINE_WINDOW)
        self._now = 0.0
        self._last_view_t = float("-inf")
        self._touched = False
        self._error: str | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._samples: queue.SimpleQueue[Sample | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None

    # -- life cycle -----------------------------------------------------------

    def start(self) -> None:
        """Listen to the step's samples (on the session thread) and the physical button."""
        if self._step is not None and hasattr(self._step, "subscribe") and self._worker is None:
            self._worker = threading.Thread(target=self._work, name="session", daemon=True)
            self._worker.start()
            # The sampling thread only queues the sample (well under a microsecond), so
            # a slow disk commit never makes it skip samples.
            self._unsubscribe = self._step.subscribe(self._samples.put)
        if self._button is not None:
            # drivers.lights.StartButton calls ``on_press`` from gpiozero's thread.
            self._button.on_press = self.toggle

    def _work(self) -> None:
        while (sample := self._samples.get()) is not None:
            try:
                self.on_sample(sample)
            except Exception:  # keep counting whatever one sample did
                log.exception("session sample failed")

    def close(self) -> None:
        """Stop listening; a running session is saved as stopped. Safe twice."""
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if callable(unsubscribe):
            unsubscribe()
        worker, self._worker = self._worker, None
        if worker is not None:
            self._samples.put(None)
            worker.join(timeout=5.0)
        if self._button is not None and getattr(self._button, "on_press", None) == self.toggle:
            self._button.on_press = None
        with self._lock:
            self._run_commands()
            if self._running_session() is not None:
                self._end_session("stopped", "kiosk shut down")

    def __enter__(self) -> SessionService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def clock(self) -> float:
        """Now on the session clock (the step's sample clock)."""
        return time.monotonic() - self._step_start

    # -- requests from the screens (any thread; carried out at the next sample) --

    def begin_session(
        self,
        patient_id: str | None,
        programme: Programme | None = None,
        body_mass_kg: float | None = None,
    ) -> None:
        """Start a session for a patient (None: a guest).

        :param programme: what to do; default: the config's ``[session]`` programme.
        :param body_mass_kg: for the heel-rise test's work in joules (default 70 kg).
        """
        programme = programme or default_programme(self.config)
        self._request(lambda: self._begin(patient_id, programme, body_mass_kg))

    def pause(self) -> None:
        self._request(self._pause)

    def resume(self) -> None:
        self._request(self._resume)

    def toggle(self) -> None:
        """The physical button: start a guest session when idle, else pause / resume."""
        self._request(self._toggle)

    def stop(self) -> None:
        """End the session now and save it (status ``stopped``); the summary follows."""
        self._request(lambda: self._stop("stopped by the patient"))

    def skip_rest(self) -> None:
        """The patient is ready before the rest between sets is over."""
        self._request(self._skip_rest)

    def dismiss(self) -> None:
        """Leave the summary (or end a running session) and go back to idle."""
        self._request(self._dismiss)

    def touch(self) -> None:
        """The screen was touched: restarts the idle timeout."""
        self._touched = True

    # -- what the screens read ------------------------------------------------

    def snapshot(self) -> LiveView:
        """The latest live view (immutable; cheap, any thread)."""
        return self._view

    def drain_reps(self) -> list[RepView]:
        """Reps counted since the last call, oldest first (every one already stored)."""
        out = []
        while self._new_reps:
            out.append(self._new_reps.popleft())
        return out

    def add_rep_listener(self, listener: RepListener) -> None:
        """Call ``listener(rep)`` on the session thread right after each rep is committed."""
        self._listeners.append(listener)

    def summary(self) -> SessionSummary | None:
        """The summary of the session that ended last, or None."""
        return self._summary

    @property
    def session_id(self) -> str | None:
        """The running (or just finished) session's id."""
        session = self._session
        return session.session_id if session else None

    # -- the session thread ---------------------------------------------------

    def on_sample(self, sample: Sample) -> None:
        """Handle one sample (on the session thread, or directly from a test)."""
        with self._lock:
            self._now = sample.t
            self._run_commands()
            session = self._running_session()
            if session is None:
                self._idle_sample(sample)
                return
            try:
                self._session_sample(session, sample)
            except (OSError, sqlite3.Error) as exc:  # StorageFullError is an OSError
                self._fail(_plain(exc))

    def _running_session(self) -> _Session | None:
        session = self._session
        return session if session is not None and session.status is None else None

    def _idle_sample(self, sample: Sample) -> None:
        occupied = sum(sample.strips) >= EMPTY_STEP_COUNTS
        if not occupied:
            self._empty_samples.append(sample)
        session = self._session
        if session is not None:  # the summary is showing: home when nobody is around
            if occupied or self._take_touch():
                session.last_activity = self._now
            elif self._now - session.last_activity >= self.config.session.idle_timeout_s:
                self._dismiss()
                return
        if occupied != self._view.occupied or self._due():
            self._publish(occupied=occupied, force=True)

    def _session_sample(self, session: _Session, sample: Sample) -> None:
        now = self._now
        parts = session.parts
        engine = parts.engine
        rel = Sample(now - session.t0, sample.tof_mm, sample.strips)
        parts.recording.write(rel)
        for event in engine.feed(rel):
            self._handle_event(session, event)
            if session.status is not None:
                return
        flow = session.flow
        test = parts.heel_rise_test
        if test is not None and flow.running and test.tick(rel.t):
            self._apply_all(session, flow.end_set(now))
        # The full live state is built only when needed (calibrating, or a snapshot is due).
        live: LiveState | None = None
        ready = False
        if flow.stage is Stage.CALIBRATING:
            live = engine.state()
            ready = live.zeroed and live.feet_message is None
        self._apply_all(session, flow.tick(now, ready=ready))
        if session.status is not None:
            return
        parts.pacer.on_heel(now, engine.heel_mm, session.heel_phase)
        if not self._realtime:
            parts.pacer.update(now)
        if engine.occupied or self._take_touch():
            session.last_activity = now
        elif now - session.last_activity >= self.config.session.idle_timeout_s:
            self._stop("idle timeout", idle=True)
            return
        self._publish(live=live)

    def _take_touch(self) -> bool:
        touched, self._touched = self._touched, False
        return touched

    # -- requests, carried out on the session thread ----------------------------

    def _request(self, command: Callable[[], Any]) -> None:
        self._touched = True
        # Carried out by the session thread within one sample period (10 ms at
        # 100 Hz): the database is written from one thread and the UI never waits.
        self._commands.append(command)

    def _run_commands(self) -> None:
        while self._commands:
            command = self._commands.popleft()
            try:
                command()
            except (OSError, sqlite3.Error) as exc:
                self._fail(_plain(exc))
            except SmartStepError as exc:
                self._error = str(exc)
                self._publish(force=True)

    def _begin(self, patient_id: str | None, programme: Programme, mass: float | None) -> None:
        if self._running_session() is not None:
            return  # one session at a time
        self._summary = None
        self._error = None
        self._cues.clear()
        self._new_reps.clear()
        calibration, calibration_record = self._calibration()
        session_id = self.store.start_session(
            patient_id,
            programme,
            step_id=self.config.step_id,
            calibration=calibration_record,
        )
        rest_s = programme.rest_between_sets_s
        # The lights show the end-of-set signal before the rest: the screen's rest matches.
        flow = SessionFlow(
            programme.sets,
            programme.reps,
            rest_s + END_OF_SET_S if rest_s > 0 else 0.0,
            self.countdown_s,
        )
        try:
            parts = SessionParts.open(
                store=self.store,
                session_id=session_id,
                programme=programme,
                config=self.config,
                calibration=calibration,
                lights=self._lights,
                beeper=self._beeper,
                countdown_s=self.countdown_s,
                clock=self.clock if self._realtime else lambda: self._now,
                realtime=self._realtime,
                body_mass_kg=mass,
            )
        except (OSError, sqlite3.Error):
            self.store.end_session(session_id, "stopped", "recording could not be opened")
            raise
        self._session = _Session(
            session_id=session_id,
            patient_id=patient_id,
            programme=programme,
            t0=self._now,
            flow=flow,
            parts=parts,
            last_activity=self._now,
        )
        self._publish(force=True)

    def _calibration(self) -> tuple[Calibration | None, dict[str, Any] | None]:
        """Staff's saved calibration, else baselines from the empty step; and its record."""
        if self._saved_calibration is not None:
            try:
                saved = self._saved_calibration()
            except (OSError, sqlite3.Error):
                log.exception("saved strip calibration unreadable: using the empty step's")
                saved = None
            if saved is not None:
                return saved.calibration, saved.session_json()
        learned = empty_step_calibration(list(self._empty_samples))
        return learned, ({"baselines": list(learned.baselines)} if learned else None)

    def _toggle(self) -> None:
        session = self._running_session()
        if session is None:
            self._begin(None, default_programme(self.config), None)
        elif session.flow.stage is Stage.PAUSED:
            self._resume()
        else:
            self._pause()

    def _pause(self) -> None:
        session = self._running_session()
        if session is not None and session.flow.pause(self._now):
            session.parts.pacer.pause(self._now)
            self._publish(force=True)

    def _resume(self) -> None:
        session = self._running_session()
        if session is None:
            return
        transitions = session.flow.resume(self._now)
        if transitions is not None:
            if session.flow.stage is Stage.RESTING:
                session.parts.pacer.resume(self._now)
            self._apply_all(session, transitions)
            self._publish(force=True)

    def _skip_rest(self) -> None:
        session = self._running_session()
        if session is not None:
            self._apply_all(session, session.flow.skip_rest(self._now))

    def _stop(self, reason: str, idle: bool = False) -> None:
        if self._running_session() is None:
            return
        self._end_session("stopped", reason)
        if idle:  # nobody is there to read a summary: back to the start screen
            self._dismiss()

    def _dismiss(self) -> None:
        if self._running_session() is not None:
            self._end_session("stopped", "left the session")
        self._session = None
        self._error = None
        self._cues.clear()
        self._publish(force=True)

    # -- events and transitions ------------------------------------------------

    def _handle_event(self, session: _Session, event: Any) -> None:
        now = self._now
        flow = session.flow
        if isinstance(event, PhaseChanged):
            session.heel_phase = event.phase
        elif isinstance(event, RepCompleted):
            if flow.running:
                self._rep_completed(session, event.rep)
        elif isinstance(event, FaultDetected):
            if flow.running:
                session.parts.pacer.on_fault(now, event.kind)
                self._cues.show(event.kind, now)
        elif isinstance(event, TopReached):
            lift = lift_cue_for(session.programme.variant)
            if lift and flow.running:
                self._cues.show(lift, now)

    def _rep_completed(self, session: _Session, rep: Rep) -> None:
        test = session.parts.heel_rise_test
        ended = False
        if test is not None:
            ended = test.add_rep(rep)
            counted = bool(test.counted) and test.counted[-1] is rep
        else:
            counted = True
        if counted:
            self._count_rep(session, rep)
        if ended and session.flow.running:
            self._apply_all(session, session.flow.end_set(self._now))

    def _count_rep(self, session: _Session, rep: Rep) -> None:
        flow = session.flow
        view = RepView(
            number=flow.rep_count + 1,
            set_index=flow.set_index,
            peak_mm=rep.peak_mm,
            up_s=rep.up_s,
            down_s=rep.down_s,
            stance=rep.stance,
            faults=tuple(rep.faults),
            left_share=rep.left_share,
            lsi=rep.lsi,
        )
        # Commit first: only a stored rep may be counted or shown.
        self.store.add_rep(session.session_id, view.set_index, view.number, rep)
        session.reps.append(view)
        transitions = flow.count_rep(self._now)
        session.parts.pacer.on_rep_completed(self._now)
        self._new_reps.append(view)
        # Publish before telling listeners, so one that reads snapshot() sees this rep.
        self._publish(force=True)
        for listener in list(self._listeners):
            try:
                listener(view)
            except Exception:  # a broken screen must not stop the counting
                log.exception("rep listener failed")
        self._apply_all(session, transitions)

    def _apply_all(self, session: _Session, transitions: list[Transition]) -> None:
        for transition in transitions:
            if session.status is not None:
                return
            self._apply(session, transition)

    def _apply(self, session: _Session, transition: Transition) -> None:
        now = self._now
        flow = session.flow
        pacer = session.parts.pacer
        if transition is Transition.COUNTDOWN_STARTED:
            # The lights count 3-2-1 with the screen, then lead the set's reps.
            pacer.start_set(flow.set_index + (0 if flow.resuming_set else 1), at=now)
        elif transition is Transition.SET_STARTED:
            self.store.start_set(
                session.session_id, flow.set_index, None if session.heel_rise else flow.reps_target
            )
            if session.heel_rise:
                session.parts.start_heel_rise_test(now - session.t0)
        elif transition is Transition.SET_ENDED:
            self.store.end_set(session.session_id, flow.set_index)
            pacer.finish_set(now)
        elif transition is Transition.FINISHED:
            self._end_session("completed")
        self._publish(force=True)

    def _end_session(self, status: str, reason: str | None = None) -> None:
        """Stop the parts, store the end and the test result, build the summary."""
        session = self._session
        if session is None or session.status is not None:
            return
        session.status = status
        session.flow.finish()
        parts = session.parts
        parts.stop_pacing()
        previous = None
        try:
            parts.recording.close()
            if parts.heel_rise_test is not None:
                self._store_heel_rise_test(session)
            self.store.end_session(session.session_id, status, reason)
            previous = self._previous_session(session)
        except (OSError, sqlite3.Error, SmartStepError) as exc:
            # The reps already shown are stored; what failed is the tidy-up, which
            # the next start completes (an open session becomes "interrupted").
            self._error = _plain(exc)
            log.error("ending session %s: %s", session.session_id, exc)
        summary = build_summary(
            session.session_id,
            status,
            session.reps,
            session.flow.sets_done,
            self._now - session.t0,
            previous,
        )
        test = parts.heel_rise_test
        if test is not None:
            result = test.result()
            summary = dataclasses.replace(
                summary,
                test_reps=result.reps,
                work_j=round(result.work_j, 1),
                travel_m=round(result.total_travel_m, 3),
                test_ended_by=result.ended_by,
            )
        self._summary = summary
        self._publish(force=True)

    def _store_heel_rise_test(self, session: _Session) -> None:
        test = session.parts.heel_rise_test
        assert test is not None
        if not test.finished:
            test.stop(self._now - session.t0)
        result = test.result()
        peaks = [r.peak_mm for r in test.counted]
        self.store.add_heel_rise_test(
            session.session_id,
            heel_rise_side(session.programme),
            result.reps,
            patient_id=session.patient_id,
            travel_m=result.total_travel_m,
            work_j=result.work_j,
            peak_mm=result.best_peak_mm if peaks else None,
            mean_peak_mm=sum(peaks) / len(peaks) if peaks else None,
            duration_s=(result.end_s or self._now - session.t0) - test.start_s,
        )

    def _previous_session(self, session: _Session) -> tuple[int, float | None] | None:
        """The patient's session before this one: (reps, mean peak mm)."""
        if session.patient_id is None:
            return None
        history = patient_history(self.store, session.patient_id, limit=3)  # newest first
        earlier = [h for h in history if h["id"] != session.session_id and h["status"] != "open"]
        if not earlier:
            return None
        mean = earlier[0]["peak_mean_mm"]
        return int(earlier[0]["rep_count"]), (round(mean, 1) if mean is not None else None)

    def _fail(self, message: str) -> None:
        """A storage error: end the session cleanly and show what went wrong."""
        log.error("session failed: %s", message)
        if self._running_session() is not None:
            self._end_session("stopped", "storage error")
        self._error = message
        self._publish(force=True)

    # -- the live view -----------------------------------------------------------

    def _due(self) -> bool:
        return self._now - self._last_view_t >= VIEW_INTERVAL_S

    def _sensor_status(self) -> str:
        latest_tof = getattr(self._step, "latest_tof", None)
        return str(latest_tof().status) if callable(latest_tof) else "ok"

    def _publish(
        self, live: LiveState | None = None, occupied: bool = False, force: bool = False
    ) -> None:
        if not (force or self._due()):
            return
        self._last_view_t = now = self._now
        session = self._session
        sensor = self._sensor_status()
        error = self._error or (SENSOR_UNPLUGGED if sensor == "disconnected" else None)
        if session is None:
            self._view = LiveView(
                occupied=occupied, sensor_status=sensor, error=error
            )
            return
        flow = session.flow
        if session.status is not None:  # ended: the summary screen
            self._view = LiveView(
                stage=Stage.FINISHED,
                occupied=occupied,
                set_index=flow.set_index,
                sets_total=flow.sets_total,
                rep_count=flow.rep_count,
                reps_target=0 if session.heel_rise else flow.reps_target,
                sensor_status=sensor,
                error=error,
            )
            return
        live = live if live is not None else session.parts.engine.state()
        pacing = session.parts.pacer.snapshot(now)
        if flow.running and pacing.cue_kind == "slower":
            self._cues.show("slower", now)
        cue, cue_kind = self._cues.current(now)
        stage = flow.stage
        self._view = LiveView(
            stage=stage,
            occupied=live.occupied,
            heel_mm=live.heel_mm,
            target_mm=session.programme.target_mm,
            sensor_status=sensor,
            asked_phase=pacing.asked_phase if not pacing.done else "rest",
            asked_progress=pacing.asked_progress if not pacing.done else flow.progress(now),
            heel_phase=live.heel_phase,
            set_index=flow.set_index,
            sets_total=flow.sets_total,
            rep_count=flow.rep_count,
            reps_target=0 if session.heel_rise else flow.reps_target,
            left_share=live.left_share,
            toe_share_left=live.toe_share_left,
            toe_share_right=live.toe_share_right,
            cue=cue if stage is not Stage.PAUSED else None,
            cue_kind=cue_kind if stage is not Stage.PAUSED else None,
            calibration_progress=live.calibration_progress,
            feet_message=live.feet_message,
            countdown=flow.countdown(now),
            rest_remaining_s=flow.remaining_s(now) if stage is Stage.RESTING else None,
            error=error,
            variant=session.programme.variant,
            heel_rise_test=session.heel_rise,
        )
