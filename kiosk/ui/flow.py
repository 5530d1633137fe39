"""Which screen shows which stage of a session. Pure logic, no Kivy import."""

from __future__ import annotations

from kiosk.session.view import Stage
from kiosk.ui.screens.staff import STAFF_SCREENS

# Screens before a session starts: the patient moves through them by touch.
PRE_SESSION = ("home", "signin", "programme")
SCREEN_ORDER = ("home", "signin", "programme", "calibration", "live", "rest", "summary")

_STAGE_SCREEN = {
    Stage.CALIBRATING: "calibration",
    Stage.COUNTDOWN: "live",
    Stage.ACTIVE: "live",
    Stage.PAUSED: "live",
    Stage.RESTING: "rest",
    Stage.FINISHED: "summary",
}


def screen_for(stage: Stage, current: str) -> str:
    """The screen to show for a session stage, given the screen shown now.

    With no session the patient navigates the pre-session screens themselves;
    a session that ended (stop, idle timeout) brings any session screen home.
    Staff screens stay while there is no session (staff mode ends itself).
    """
    if stage == Stage.IDLE:
        return current if current in PRE_SESSION or current in STAFF_SCREENS else "home"
    return _STAGE_SCREEN[stage]


class IdleTimer:
    """No touch for ``timeout_s`` seconds -> expired. Time is passed in (testable)."""

    def __init__(self, timeout_s: float, now: float) -> None:
        self.timeout_s = timeout_s
        self._last = now

    def activity(self, now: float) -> None:
        self._last = now

    def expired(self, now: float) -> bool:
        return now - self._last >= self.timeout_s

    def remaining(self, now: float) -> float:
        return max(0.0, self.timeout_s - (now - self._last))
