"""Who is signed in to staff mode, and when staff mode must end. Pure logic, no Kivy.

Staff mode ends after ``timeout_s`` without a touch; the controller also ends
it when somebody steps on the step for a session. ``generation`` changes at
every sign-in and sign-out, so an answer that arrives from the background
thread after its staff member left is dropped, never shown to the next person.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.staff.api import StaffMember

STAFF_IDLE_TIMEOUT_S = 120.0


class StaffMode:
    def __init__(self, timeout_s: float = STAFF_IDLE_TIMEOUT_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.timeout_s = timeout_s
        self.clock = clock
        self.member: StaffMember | None = None
        self.generation = 0
        self._last_touch = clock()

    @property
    def signed_in(self) -> bool:
        return self.member is not None

    @property
    def is_admin(self) -> bool:
        return self.member is not None and self.member.role == "admin"

    def begin(self, member: StaffMember) -> None:
        self.member = member
        self.generation += 1
        self._last_touch = self.clock()

    def end(self) -> StaffMember | None:
        """Sign out; returns who was signed in (None: nobody)."""
        member, self.member = self.member, None
        self.generation += 1
        return member

    def touch(self) -> None:
        self._last_touch = self.clock()

    def expired(self) -> bool:
        return self.member is not None and self.clock() - self._last_touch >= self.timeout_s

    def remaining_s(self) -> float:
        return max(0.0, self.timeout_s - (self.clock() - self._last_touch))
