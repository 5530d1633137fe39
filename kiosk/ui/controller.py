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
from kiosk.session.directory import PatientEntry
from kiosk.session.view import LiveView, SessionSummary, Stage
from kiosk.staff.api import Identified, Identify, StaffMember
from kiosk.ui.background import Background
from kiosk.ui.flow import PRE_SESSION, IdleTimer, screen_for
from kiosk.ui.screen_host import ScreenHost
from kiosk.ui.screens import SCREENS
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.staff import ADMIN_SCREENS, OPEN_STAFF_SCREEN, STAFF_SCREENS
from kiosk.ui.services import KioskServices
from kiosk.ui.staff_mode import StaffMode

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
        self._card_taker: Callable[[str], None] | None = None  # staff registering a card
        self.programme: Programme | None = None
        self.view = LiveView()
        self.summary_shown: SessionSummary | None = None
        self._leaving_summary = False  # "Done" pressed: ignore FINISHED until IDLE arrives
        self._entered_at = clock()
        self.set_done_hold_s = SET_DONE_HOLD_S
        self._set_done_until: float | None = None  # holding the live screen until then
        self._stop_pressed = False  # a stopped set ends on the summary at once, no hold
        self.on_screen_change: list[Callable[[str], None]] = []
        self.staff = StaffMode(services.staff_idle_timeout_s, clock)
        # Pop-ups open over staff screens (keyboards, confirmations): closed at sign-out.
        self.overlays: list[Any] = []

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

    def may_show(self, name: str) -> bool:
        """Staff screens need a signed-in staff member (admin screens an admin)."""
        if name not in STAFF_SCREENS or name == OPEN_STAFF_SCREEN:
            return True
        if name in ADMIN_SCREENS:
            return self.staff.is_admin
        return self.staff.signed_in

    def show(self, name: str) -> None:
        if not self.may_show(name):
            log.warning("screen %s refused: no staff member signed in", name)
            name = OPEN_STAFF_SCREEN if not self.staff.signed_in else "staff_home"
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
                self._tell_progress()
        if changed:
            self.screen(self.manager.current).show_live(view)
        now = self.clock()
        if self.staff.signed_in:
            # The technician's pages need somebody (or a weight) on the step.
            on_step_ok = getattr(self.manager.current_screen, "step_on_allowed", False)
            if view.occupied and not on_step_ok:
                # Somebody stepped on for a session: staff mode ends, they sign in.
                self.staff_sign_out("step_on")
                self.start()
            elif self.staff.expired():
                self.staff_sign_out("timeout")
            return
        waiting = (*PRE_SESSION[1:], OPEN_STAFF_SCREEN)
        pre_session = stage == Stage.IDLE and self.manager.current in waiting
        if pre_session and self.idle.expired(now):
            log.info("idle timeout on %s: back home", self.manager.current)
            self.go_home()

    def _tell_progress(self) -> None:
        """A patient whose physio has a progression waiting hears so on the summary
        (staff decide; the programme itself never changes here)."""
        patient, staff = self.patient, self.services.staff
        if patient is None or staff is None:
            return

        def show(ready: bool) -> None:
            if ready and self.patient is patient:
                self.screen("summary").show_progress_hint()

        self.background.submit(lambda: bool(staff.progressions.suggestions(patient.id)), show)

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
        self.staff.touch()
        self.services.session.touch()

    # -- what the patient asks for ------------------------------------------------

    def start(self) -> None:
        """Start (or stepping on) on the home screen: who are you?"""
        if self.manager.current == "home":
            self.idle.activity(self.clock())
            self.show("signin")

    def capture_card(self, taker: Callable[[str], None] | None) -> None:
        """The next card goes to ``taker`` (staff registering it), not to sign-in;
        None: sign-in again."""
        self._card_taker = taker

    def card_presented(self, token: str) -> bool:
        """A card reader typed a token: from home or the sign-in screen, who is it?"""
        taker = self._card_taker
        if taker is not None and self.staff.signed_in:
            self._card_taker = None
            taker(token)
            return True
        staff = self.services.staff
        if staff is None or self.manager.current not in ("home", "signin"):
            return False
        self.idle.activity(self.clock())
        self.show("signin")
        identity = staff.identity
        self._identify(lambda: identity.by_card(token), card=True)
        return True

    def code_entered(self, clinic_id: str, code: str) -> None:
        """The patient typed their clinic ID and code on the sign-in screen."""
        staff = self.services.staff
        if staff is None:
            return
        identity = staff.identity
        self._identify(lambda: identity.by_code(clinic_id, code), card=False)

    def _identify(self, check: Callable[[], Identified], card: bool) -> None:
        """Run the check off the UI thread; a match signs the patient in, anything
        else is said on the sign-in screen."""
        screen = self.screen("signin")
        screen.identifying()
        directory = self.services.directory

        def work() -> tuple[Identified, PatientEntry | None]:
            found = check()
            if found.result is not Identify.OK or found.patient_id is None:
                return found, None
            return found, directory.patient(found.patient_id)

        def done(answer: tuple[Identified, PatientEntry | None]) -> None:
            found, entry = answer
            if self.manager.current != "signin":
                return  # the patient went on (a guest, home) meanwhile
            if entry is not None:
                screen.identified()
                self.sign_in(entry)
            else:
                screen.not_identified(found, card)

        self.background.submit(work, done, lambda _exc: screen.not_identified(None, card))

    def start_for_patient(self, patient_id: str) -> None:
        """Staff picked the patient who is about to exercise: staff mode ends, the
        patient's programme is shown."""
        directory = self.services.directory

        def chosen(entry: PatientEntry | None) -> None:
            if entry is None:
                return
            self.go_home()  # staff mode ends; nothing of it stays on screen
            self.sign_in(entry)

        self.background.submit(lambda: directory.patient(patient_id), chosen)

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
        for hook in self.services.on_begin:
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
        self.services.session.dismiss()
        self._leaving_summary = True
        self.go_home()

    def go_back(self, name: str) -> None:
        self.show(name)

    # -- staff mode -----------------------------------------------------------------

    def open_staff(self) -> None:
        """The home screen's way in: the staff sign-in (names, then PIN)."""
        if self.services.staff is not None and self.manager.current == "home":
            self.idle.activity(self.clock())
            self.show(OPEN_STAFF_SCREEN)

    def staff_signed_in(self, member: StaffMember) -> None:
        """The PIN was right: staff mode starts on the hub."""
        self.staff.begin(member)
        self.show("staff_home")

    def show_staff(self, name: str, subject: str = "") -> None:
        """Open a staff screen about ``subject`` (e.g. a patient id)."""
        if not self.may_show(name):
            self.show(name)  # refused: shows the sign-in or the hub
            return
        screen = self.screen(name)
        prepare = getattr(screen, "prepare", None)
        if prepare is not None:
            prepare(subject)
        self.show(name)

    def staff_sign_out(self, reason: str) -> None:
        """End staff mode (``reason``: "button", "timeout", "step_on") and go home."""
        self._end_staff(reason)
        self.go_home()

    def _end_staff(self, reason: str) -> None:
        member = self.staff.end()
        if member is not None and self.services.staff is not None:
            staff = self.services.staff
            self.background.submit(lambda: staff.accounts.sign_out(member, reason))
        for overlay in list(self.overlays):
            overlay.dismiss(animation=False)
        self.overlays.clear()

    def go_home(self) -> None:
        """Home, forgetting this patient (and any staff member): the next person sees
        nobody's data."""
        if self.staff.signed_in:
            self._end_staff("button")
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
