"""The shared base of the staff screens: the header (Back, who, Sign out), a message
line, and service calls that run off the UI thread.

Every ``StaffPort`` call goes through ``call``: it runs on the background
thread and its answer comes back on the Kivy clock, and only if the same
staff member is still signed in (an answer for somebody who left is dropped).
A refused request (``StaffRequestError``) or a failure becomes a plain message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.api import StaffMember, StaffPort, StaffRequestError
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.text_entry import TextEntry
from kiosk.ui.wording import STAFF_SAY, problems_text, usb_code_text

log = logging.getLogger(__name__)
T = TypeVar("T")


class StaffScreen(KioskScreen):
    message = StringProperty("")
    message_is_error = BooleanProperty(False)
    member_name = StringProperty("")
    # A stick a report was just written on, offered for Eject next to the message.
    eject_stick = StringProperty("")
    eject_name = StringProperty("")
    back_to = "staff_home"  # where Back goes
    field_words: ClassVar[dict[str, str]] = {}  # field name -> label, for refused requests

    # -- what the screen knows ----------------------------------------------------------

    @property
    def staff(self) -> StaffPort:
        staff = self.controller.services.staff
        assert staff is not None, "staff screens need KioskServices.staff"
        return staff

    @property
    def member(self) -> StaffMember:
        member = self.controller.staff.member
        assert member is not None, "staff screens are shown only to a signed-in member"
        return member

    def back_subject(self) -> str:
        """What Back's screen is about (e.g. the patient id)."""
        return ""

    # -- life cycle -------------------------------------------------------------------------

    def on_pre_enter(self, *_):
        member = self.controller.staff.member if self.controller else None
        self.member_name = (f"{member.name} ({member.role})" if member else "")
        self.load()

    def load(self) -> None:
        """Fetch what the screen shows (through ``call``)."""

    def warm_up(self) -> None:
        """Built ahead of its first open (at home, nobody signed in): build any widgets
        that do not depend on who is signed in or on a patient."""

    def reset(self) -> None:
        self.say("")
        self.eject_stick = self.eject_name = ""

    # -- a stick the screen wrote on ------------------------------------------------------

    def offer_eject(self, key: str, name: str) -> None:
        """Show Eject beside the message, for the stick ``key`` (``name``: its label)."""
        self.eject_stick, self.eject_name = key, name

    def eject(self) -> None:
        """Release the offered stick (sync, unmount, power off) and say when it is safe."""
        sync, key, name = self.controller.services.sync, self.eject_stick, self.eject_name
        if sync is None or not key:
            return
        self.eject_stick = ""

        def done(code: str) -> None:
            error = code != "safe_to_remove"
            if error:
                self.eject_stick = key  # still in: Eject again
            self.say(usb_code_text(code, name), error=error)

        self.call(lambda: str(sync.eject(key)), done, "release the USB stick")

    def say(self, text: str, error: bool = False) -> None:
        self.message = text
        self.message_is_error = error

    # -- service calls off the UI thread --------------------------------------------------------

    def call(self, job: Callable[[], T], done: Callable[[T], None], what: str,
             failed: Callable[[BaseException], None] | None = None) -> None:
        """Run ``job`` on the background thread; ``done(result)`` on the UI thread.

        :param what: the request in words, for the message when it fails ("save the patient").
        """
        staff_mode = self.controller.staff
        generation = staff_mode.generation

        def ok(result: T) -> None:
            if staff_mode.generation == generation:
                done(result)

        def bad(exc: BaseException) -> None:
            if staff_mode.generation != generation:
                return
            if failed is not None:
                failed(exc)
            else:
                self.show_failure(exc, what)

        self.controller.background.submit(job, ok, bad)

    def show_failure(self, exc: BaseException, what: str) -> None:
        if isinstance(exc, StaffRequestError):
            self.say(problems_text(exc.problems, self.field_words), error=True)
        else:
            log.error("staff request failed (%s): %s", what, exc)
            self.say(STAFF_SAY["failed"].format(what=what), error=True)

    # -- keyboard ----------------------------------------------------------------------------------

    def edit_text(self, field: Any) -> None:
        """Open the on-screen keyboard for a ``TextField``."""
        entry = TextEntry(
            on_done=field.set_value, on_activity=self.controller.activity,
            title=field.label or field.title, text=field.value, kind=field.kind,
            auto_caps=field.auto_caps, max_length=field.max_length,
            secret=getattr(field, "secret", False),
        )
        self.open_overlay(entry)

    def open_overlay(self, view: Any) -> None:
        """A pop-up over this screen, closed by itself or at sign-out."""
        overlays = self.controller.overlays
        overlays.append(view)
        view.bind(on_dismiss=lambda v: overlays.remove(v) if v in overlays else None)
        view.open(animation=False)

    # -- header -----------------------------------------------------------------------------------

    def on_back_pressed(self) -> None:
        self.controller.show_staff(self.back_to, self.back_subject())

    def on_sign_out_pressed(self) -> None:
        self.controller.staff_sign_out("button")
