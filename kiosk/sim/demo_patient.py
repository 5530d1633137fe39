"""``smartstep run --demo``: a simulated person walks through whole sessions by themself.

``DemoPatient`` watches what the kiosk asks (the ``LiveView``) and moves the
simulated person's live ``control`` (kiosk/sim/live.py) like a patient would:
steps on, stands still for the calibration, follows the tempo lights through
every set (with a fault or two, and the foot lift of the eccentric variant),
rests, steps off after the summary, and after a while comes back. No Kivy.

``DemoRunner`` runs it on a thread against the real clock (the kiosk);
``OfflineStep`` + ``run_offline`` run the same patient faster than real time
by feeding samples straight into ``SessionService.on_sample`` (tests, bench,
a quick self-test).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.analysis.samples import Sample
from kiosk.programme import Programme
from kiosk.session.view import LiveView, Stage
from kiosk.sim.live import LiveControl
from kiosk.sim.person import SimulatedPerson
from kiosk.sim.sensor_models import StripModels, ToFModel

if TYPE_CHECKING:  # only for the types: the service is handed in
    from kiosk.session.service import SessionService

# Which rep of which set shows which fault: (set, rep) -> fault. Partial: a low rise.
DEMO_FAULTS: dict[tuple[int, int], str] = {(1, 3): "ankles_out", (2, 2): "heels_in"}
PARTIAL_RAISE = 0.45
STEP_ON_AFTER_S = 2.0  # idle, empty step: the next patient steps on after this
START_AFTER_S = 1.5  # on the step, idle: "touch start" after this (when auto_start)
LEAVE_AFTER_S = 4.0  # summary showing: step off after this
# The heel-rise test to fatigue: full rises for this many, then each rise lower than the
# last (the calf tiring) down to a floor that still counts as a rep, so the test ends
# because the heel no longer rises past half of the first reps' height.
FRESH_TEST_RISES = 12
TIRED_RAISES = (0.85, 0.7, 0.55, 0.42, 0.38, 0.35)


class DemoPatient:
    """A patient who follows the kiosk's instructions.

    :param control: the simulated person's live control.
    :param service: the session service; with ``auto_start`` the patient also
        presses start (begin_session) and leaves the summary (dismiss) by themself.
    :param programme: the programme they start when ``auto_start``.
    :param faults: (set, rep) -> fault to show on that rep.
    """

    def __init__(
        self,
        control: LiveControl,
        service: SessionService | None = None,
        *,
        programme: Programme | None = None,
        auto_start: bool = False,
        faults: dict[tuple[int, int], str] | None = None,
        come_back: bool = True,
    ) -> None:
        self.control = control
        self.service = service
        self.programme = programme
        self.auto_start = auto_start
        self.faults = DEMO_FAULTS if faults is None else faults
        self.come_back = come_back
        self.on_step = False
        self.sessions_started = 0
        # Whether a session (begun by us or by somebody tapping the screen) has run.
        self.had_session = False
        self._since: float | None = None  # when the current wait began
        self._stage: Stage | None = None
        self._rep_seen = 0  # reps counted when the current rep began
        self._test_rises = 0  # rises asked in this heel-rise test (counted or not)
        self._asked: str | None = None

    def tick(self, now: float, view: LiveView) -> None:
        """Look at the kiosk and move (call 10-50 times a second)."""
        if view.stage is not self._stage:
            if view.stage is Stage.COUNTDOWN:
                self._test_rises = 0
            self._stage = view.stage
            self._since = now
        since = now - (self._since if self._since is not None else now)
        stage = view.stage
        if stage is not Stage.IDLE:
            self.had_session = True
        if stage is Stage.IDLE:
            self._idle(now, since)
        elif stage is Stage.ACTIVE:
            self._exercise(view)
        elif stage is Stage.FINISHED:
            self._stand()
            if since >= LEAVE_AFTER_S and self.on_step:
                self._step_off()
                if self.auto_start and self.service is not None:
                    self.service.dismiss()
        else:  # calibrating, countdown, resting, paused: stand still, heels level
            if not self.on_step:
                self._step_on()
            self._stand()

    def _idle(self, now: float, since: float) -> None:
        self._stand()
        if not self.on_step:
            if (self.come_back or not self.had_session) and since >= STEP_ON_AFTER_S:
                self._step_on()
                self._since = now
            return
        if self.auto_start and self.service is not None and since >= START_AFTER_S:
            self.service.begin_session(None, self.programme)
            self.sessions_started += 1
            self._since = now

    def _exercise(self, view: LiveView) -> None:
        asked = view.asked_phase
        rep = view.rep_count + 1  # the rep under way
        fault = self.faults.get((view.set_index, rep))
        variant = view.variant
        control = self.control
        # Eccentric: up on both feet, then (from the top, as cued) down on one.
        ecc_lift = {"ecc_left": "right", "ecc_right": "left"}.get(variant)
        # Single-leg: the other foot stays off the step all set.
        single_lift = {"single_left": "right", "single_right": "left"}.get(variant)
        if view.heel_rise_test and asked == "rise" and self._asked != "rise":
            self._test_rises += 1
        self._asked = asked
        if asked in ("rise", "hold"):
            control.set_raise(PARTIAL_RAISE if fault == "partial" else self._raise_for(view))
            control.roll("out" if fault == "ankles_out" and asked == "hold" else None)
            control.lift_foot(single_lift or (ecc_lift if asked == "hold" else None))
        elif asked == "lower":
            control.set_raise(0.0)
            control.roll("in" if fault == "heels_in" else None)
            control.lift_foot(single_lift or ecc_lift)
        else:
            self._stand()
            control.lift_foot(single_lift)

    def _raise_for(self, view: LiveView) -> float:
        """How high this rise goes: the test tires the patient, exercise does not."""
        tired = self._test_rises - FRESH_TEST_RISES
        if not view.heel_rise_test or tired <= 0:
            return 1.0
        return TIRED_RAISES[min(tired, len(TIRED_RAISES)) - 1]

    def _stand(self) -> None:
        self.control.set_raise(0.0)
        self.control.roll(None)
        self.control.lift_foot(None)
        self.control.shift_weight(0.0)

    def _step_on(self) -> None:
        self.control.step_on()
        self.on_step = True

    def _step_off(self) -> None:
        self.control.step_off()
        self.on_step = False


class DemoRunner:
    """Runs a ``DemoPatient`` on its own thread, in real time (``smartstep run --demo``).

    :param period_s: how often the patient looks at the kiosk.
    """

    def __init__(self, patient: DemoPatient, service: SessionService,
                 period_s: float = 0.05) -> None:
        self.patient = patient
        self.service = service
        self.period_s = period_s
        self.error: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.period_s):
                self.patient.tick(self.service.clock(), self.service.snapshot())
        except Exception as exc:  # the demo is an extra: report it, never take the kiosk down
            self.error = f"{type(exc).__name__}: {exc}"

    def close(self) -> None:
        """Stop the demo (safe twice)."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)


def start_demo(service: SessionService, control: LiveControl, programme: Programme | None = None,
               auto_start: bool = False) -> DemoRunner:
    """Start the demo patient on the simulated step's live control.

    :param auto_start: the patient presses start themself (no UI driving it).
    """
    patient = DemoPatient(control, service, programme=programme, auto_start=auto_start)
    return DemoRunner(patient, service)


class OfflineStep:
    """The simulated step without drivers or threads: ``sample(t)`` for any increasing t.

    The same person and sensor models as the simulated step, so the service sees
    what it would see live, but as fast as the CPU allows.
    """

    def __init__(self, person: SimulatedPerson, seed: int = 0, noise_mm: float = 2.0) -> None:
        self.person = person
        self.strips = StripModels(seed=seed)
        self.tof = ToFModel(noise_mm=noise_mm, seed=seed)

    def sample(self, t: float) -> Sample:
        state = self.person.state_at(t)
        tof = self.tof.distance(state.heel_mm if state.on_step else None, t)
        return Sample(t, tof, self.strips.counts(state.loads_n))


def run_offline(
    service: SessionService,
    step: OfflineStep,
    seconds: float,
    *,
    start_t: float = 0.0,
    rate_hz: float = 100.0,
    patient: DemoPatient | None = None,
    until: Callable[[LiveView], bool] | None = None,
    patient_every: int = 5,
) -> float:
    """Feed ``seconds`` of samples to ``service.on_sample`` as fast as possible.

    :param patient: ticks every ``patient_every`` samples with the latest view.
    :param until: stop early once this is true of the view.
    :returns: the time of the last sample fed.
    """
    n = int(seconds * rate_hz)
    t = start_t
    for i in range(1, n + 1):
        t = start_t + i / rate_hz
        service.on_sample(step.sample(t))
        view = service.snapshot()
        if patient is not None and i % patient_every == 0:
            patient.tick(t, view)
        if until is not None and until(view):
            break
    return t
