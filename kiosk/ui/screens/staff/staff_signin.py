"""Staff sign-in: choose your name, then type your PIN on a large pad.

The PIN is checked on the background thread (hashing takes 0.1-0.3 s); the pad
is cleared at once, so the digits never stay on screen. After too many wrong
PINs the account is locked (by the service, which keeps the lock over a
restart): the pad stays disabled and counts down until the lock ends.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.staff.api import SignIn, SignInResult, StaffMember
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.wording import (
    ROLE_WORDS,
    SIGN_IN_WORDS,
    STAFF_SAY,
    locked_text,
    tries_left_text,
)


class StaffSignInScreen(StaffScreen):
    rows = ListProperty([])
    chosen_id = StringProperty("")
    chosen_name = StringProperty("")
    checking = BooleanProperty(False)
    locked = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._members: list[StaffMember] = []
        self._locked_until: datetime | None = None
        self._lock_clock = None

    def load(self) -> None:
        self.say(STAFF_SAY["loading"])
        self.call(lambda: list(self.staff.accounts.members()), self._show_members,
                  "load the staff list")

    def _show_members(self, members: list[StaffMember]) -> None:
        self._members = sorted(members, key=lambda m: m.name.casefold())
        self.say("" if members else STAFF_SAY["no_accounts"], error=not members)
        self._refresh_rows()

    def _refresh_rows(self) -> None:
        self.rows = [
            {"text": m.name, "member_id": m.id, "screen": self,
             "selected": m.id == self.chosen_id, "font_size": 22 * self.u}
            for m in self._members
        ]

    def choose(self, member_id: str) -> None:
        member = next((m for m in self._members if m.id == member_id), None)
        if member is None:
            return
        self.chosen_id, self.chosen_name = member.id, member.name
        self.ids.pin_pad.clear()
        self._unlock()
        self.say("")
        self._refresh_rows()

    def on_pin(self, pin: str) -> None:
        """OK on the pad: check the PIN off the UI thread."""
        if not self.chosen_id or self.checking:
            return
        self.ids.pin_pad.clear()
        self.checking = True
        self.say(STAFF_SAY["checking"])
        member_id = self.chosen_id
        staff = self.staff
        self.call(lambda: staff.accounts.sign_in(member_id, pin), self._checked, "check the PIN",
                  failed=self._check_failed)

    def _check_failed(self, exc: BaseException) -> None:
        self.checking = False
        self.show_failure(exc, "check the PIN")

    def _checked(self, answer: SignIn) -> None:
        self.checking = False
        if answer.result is SignInResult.OK and answer.member is not None:
            self.say("")
            self.controller.staff_signed_in(answer.member)
        elif answer.result is SignInResult.LOCKED:
            self._lock(answer.locked_until)
        elif answer.result is SignInResult.WRONG_PIN:
            self.say(tries_left_text(answer.failures), error=True)
        else:
            self.say(SIGN_IN_WORDS.get(str(answer.result), str(answer.result)), error=True)

    def _lock(self, until: datetime | None) -> None:
        self._locked_until = until
        self.locked = True
        self._tick_lock()
        if self._lock_clock is None:
            self._lock_clock = Clock.schedule_interval(self._tick_lock, 1.0)

    def _tick_lock(self, *_) -> None:
        if self._locked_until is None:
            self.say(SIGN_IN_WORDS["locked"], error=True)
            return
        left = (self._locked_until - datetime.now(UTC)).total_seconds()
        if left <= 0:
            self._unlock()
            self.say(STAFF_SAY["lock_ended"])
        else:
            self.say(locked_text(left), error=True)

    def _unlock(self) -> None:
        self.locked = False
        self._locked_until = None
        if self._lock_clock is not None:
            self._lock_clock.cancel()
            self._lock_clock = None

    def role_words(self, role: str) -> str:
        return ROLE_WORDS.get(role, role)

    def reset(self) -> None:
        super().reset()
        self._unlock()
        self.chosen_id = self.chosen_name = ""
        self.checking = False
        if "pin_pad" in self.ids:
            self.ids.pin_pad.clear()

    def on_leave(self, *_):
        self.reset()

    def on_back_pressed(self) -> None:
        self.controller.go_home()


load_kv(__file__)
