"""Cues on the live screen: a fault, "lift your foot", "slower" (codes; the UI words them).

A cue stays up for a few seconds so a patient a metre or two away can read it;
a fault outranks the others because it is about what the patient just did.
"""

from __future__ import annotations

from kiosk.analysis.events import FAULTS

CUE_SHOW_S = 3.0
LIFT_CUE_S = 1.5
# A new rep ends the last rep's cue (it is about that rep), but not before it was up
# this long: long enough to read at a glance.
CUE_MIN_S = 1.0

# Higher wins while both are showing.
_RANK = {"slower": 0, "lift_left": 1, "lift_right": 1}
_FAULT_RANK = 2


class CueBoard:
    """The one cue showing now, with its expiry on the session clock."""

    def __init__(self) -> None:
        self._kind: str | None = None
        self._since = 0.0
        self._until = 0.0

    def _rank(self, kind: str) -> int:
        return _FAULT_RANK if kind in FAULTS else _RANK.get(kind, 0)

    def show(self, kind: str, now: float, seconds: float | None = None) -> None:
        """Show ``kind`` (a fault code, "slower", "lift_left" or "lift_right")."""
        if self._kind is not None and now < self._until and self._rank(kind) < self._rank(
            self._kind
        ):
            return
        self._kind = kind
        self._since = now
        default = CUE_SHOW_S if kind in FAULTS or kind == "slower" else LIFT_CUE_S
        self._until = now + (default if seconds is None else seconds)

    def current(self, now: float) -> str | None:
        """The code of the cue showing now, or None."""
        if self._kind is None or now >= self._until:
            return None
        return self._kind

    def next_rep(self, now: float) -> None:
        """The heel began the next rise: the last rep's cue goes (after ``CUE_MIN_S``)."""
        if self._kind is not None:
            self._until = min(self._until, max(now, self._since + CUE_MIN_S))

    def clear(self) -> None:
        self._kind = None
