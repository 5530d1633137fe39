"""The kiosk's flow: which screen is shown, and the patient's taps turned into requests.

Every frame ``tick`` reads the session service's latest ``LiveView`` (a cheap,
immutable snapshot), switches to the screen for its stage (``flow.screen_for``)
and hands the view to that screen. Session requests (begin, pause, stop ...)
are queued by the service and carried out on its own thread, so nothing here
waits; patient-list queries go to the ``Background`` thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from kiosk.programme import Programme
from kiosk.session.view import LiveView, SessionSummary, Stage
from kiosk.ui.background import Background
from kiosk.ui.flow import PRE_SESSION, IdleTimer, screen_for
from kiosk.ui.screen_host import ScreenHost
from kiosk.ui.screens import SCREENS
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import KioskServices, PatientEntry

log = logging.getLogger(__name__)

# How long the live screen stays up with the set's final count ("12 of 12, Set done!")
# before the rest or summary screen: the session switches stage on the last rep itself.
SET_DONE_HOLD_S = 1.5
_SET_OVER = (Stage.RESTING, Stage.FINISHED)


class KioskController:
    """Owns the screen manager's navigation and the patient's choices of this visit."""

    def __init__(
        self,
        manager: ScreenHost,
        services: KioskServices,
        background: Background,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.manager = manager
        self.services = services
        self.background = background
        self.clock = clock
        self.idle = IdleTimer(services.idle_timeout_s, clock())
        self.patient: PatientEntry | None = None
        self.programme: Programme | None = None
        self.view = LiveView()
        self.summary_shown: SessionSummary | None = None
        self._leaving_summary = False  # "Done" pressed: ignore FINISHED until IDLE arrives
        self._entered_at = clock()
        self.set_done_hold_s = SET_DONE_HOLD_S
        self._set_done_until: float | None = None  # holding the live screen until then
        self._stop_pressed = False  # a stopped set ends on the summary at once, no hold
        self.on_screen_change: list[Callable[[str], None]] = []

    # -- screens ---------------------------------------------------------------

    @property
    def current(self) -> str:
        return self.manager.current

    def screen(self, name: str) -> KioskScreen:
        """The screen called ``name``, built the first time it is needed."""
        if not self.manager.has_screen(name):
            module_name, class_name = SCREENS[name].split(":")
            cls = getattr(import_module(module_name), class_name)
            self.manager.register(cls(name=name, controller=self))
        return self.manager.get_screen(name)

    def show(self, name: str) -> None:
        screen = self.screen(name)
        if self.manager.current != name:
            self.manager.current = name
            self._entered_at = self.clock()
            screen.show_live(self.view)
            for listener in self.on_screen_change:
                listener(name)

    def seconds_on_screen(self) -> float:
        return self.clock() - self._entered_at

    # -- every frame -----------------------------------------------------------

    def tick(self, _dt: float = 0.0) -> None:
        view = self.services.session.snapshot()
        changed = view is not self.view
        previous = self.view.stage
        self.view = view
        stage = view.stage
        if self._hold_set_done(previous, view):
            return
        if self._leaving_summary:
            if stage in (Stage.FINISHED,):
                return
            self._leaving_summary = False
        target = screen_for(stage, self.manager.current)
        if target == "home" and self.manager.current != "home":
            self.go_home()
        elif target != self.manager.current:
            self.show(target)
        if stage == Stage.FINISHED:
            summary = self.services.session.summary()
            if summary is not None and summary is not self.summary_shown:
                self.summary_shown = summary
                self.screen("summary").show_summary(summary)
        if changed:
            self.screen(self.manager.current).show_live(view)
        now = self.clock()
        pre_session = stage == Stage.IDLE and self.manager.current in PRE_SESSION[1:]
        if pre_session and self.idle.expired(now):
            log.info("idle timeout on %s: back home", self.manager.current)
            self.go_home()

    def _hold_set_done(self, previous: Stage, view: LiveView) -> bool:
        """Keep the live screen with the set's final count for a moment; True while held.

        The count comes from the resting/finished snapshot, which (like every
        snapshot) only counts reps already in the database.
        """
        if view.stage not in _SET_OVER:
            self._set_done_until = None
            return False
        now = self.clock()
        if self._set_done_until is None:
            ended_a_set = previous is Stage.ACTIVE and self.manager.current == "live"
            if not ended_a_set or self._stop_pressed or view.error is not None:
                return False
            self._set_done_until = now + self.set_done_hold_s
        if now >= self._set_done_until:
            return False
        self.screen("live").show_set_done(view)
        return True

    def activity(self) -> None:
        """Somebody touched the screen."""
        self.idle.activity(self.clock())
        touch = getattr(self.services.session, "touch", None)
        if touch is not None:
            touch()

    # -- what the patient asks for ------------------------------------------------

    def start(self) -> None:
        """Start (or stepping on) on the home screen: who are you?"""
        if self.manager.current == "home":
            self.idle.activity(self.clock())
            self.show("signin")

    def load_patients(self, deliver: Callable[[list[PatientEntry]], None]) -> None:
        """Fetch the sign-in list off the UI thread; ``deliver`` gets it on the UI thread."""
        self.background.submit(self.services.directory.patients, deliver, lambda _e: deliver([]))

    def sign_in(self, patient: PatientEntry | None) -> None:
        """A patient picked their name (None: guest); show today's programme."""
        self.patient = patient
        screen = self.screen("programme")
        default = self.services.default_programme
        who = patient.name if patient else "Guest"
        screen.set_programme(default, prescribed=False, who=who)
        self.show("programme")
        if patient is not None:

            def prescribed(programme: Programme | None) -> None:
                if programme is not None and self.patient is patient:
                    screen.set_programme(programme, prescribed=True, who=who)

            self.background.submit(
                lambda: self.services.directory.programme_for(patient.id), prescribed
            )

    def begin(self, programme: Programme) -> None:
        """Start the session; the service moves the stage on to calibration."""
        self.programme = programme
        self.summary_shown = None
        self._stop_pressed = False
        self.screen("live").set_position(programme.position)
        for hook in getattr(self.services, "on_begin", []):
            hook(programme)
        patient = self.patient
        self.services.session.begin_session(
            patient.id if patient else None, programme, patient.body_mass_kg if patient else None
        )

    def pause(self) -> None:
        self.services.session.pause()

    def resume(self) -> None:
        self.services.session.resume()

    def stop(self) -> None:
        self._stop_pressed = True
        self.services.session.stop()

    def skip_rest(self) -> None:
        """The patient is ready before the rest is over: the next set's 3-2-1 starts."""
        self.services.session.skip_rest()

    def finish(self) -> None:
        """Done on the summary: leave the session and go home."""
        dismiss = getattr(self.services.session, "dismiss", None)
        if dismiss is not None:
            dismiss()
        self._leaving_summary = True
        self.go_home()

    def go_back(self, name: str) -> None:
        self.show(name)

    def go_home(self) -> None:
        """Home, forgetting this patient: the next person sees nobody's data."""
        self.patient = None
        self.programme = None
        self.summary_shown = None
        for name in SCREENS:
            if self.manager.has_screen(name):
                self.manager.get_screen(name).reset()
        self.show("home")

    def screen_state(self) -> dict[str, Any]:
        """What is on screen now, for tests and the demo's self-test."""
        return {"screen": self.manager.current, "stage": str(self.view.stage)}
