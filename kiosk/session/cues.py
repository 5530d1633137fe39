"""Plain-words cues on the live screen: a fault, "lift your foot", "slower".

A cue stays up for a few seconds so a patient a metre or two away can read it;
a fault outranks the others because it is about what the patient just did.
"""

from __future__ import annotations

from kiosk.session.view import FAULT_CUES

CUE_SHOW_S = 3.0
LIFT_CUE_S = 1.5
SLOWER_TEXT = "Slower - follow the lights"
LIFT_TEXT = {"lift_left": "Now lift your left foot", "lift_right": "Now lift your right foot"}

# Higher wins while both are showing.
_RANK = {"slower": 0, "lift_left": 1, "lift_right": 1}
_FAULT_RANK = 2


def lift_cue_for(variant: str) -> str | None:
    """The cue at the top of an eccentric rep: lift the foot that does not lower."""
    return {"ecc_left": "lift_right", "ecc_right": "lift_left"}.get(variant)


class CueBoard:
    """The one cue showing now, with its expiry on the session clock."""

    def __init__(self) -> None:
        self._kind: str | None = None
        self._text: str | None = None
        self._until = 0.0

    def _rank(self, kind: str) -> int:
        return _FAULT_RANK if kind in FAULT_CUES else _RANK.get(kind, 0)

    def show(self, kind: str, now: float, seconds: float | None = None) -> None:
        """Show ``kind`` (a fault code, "slower", "lift_left" or "lift_right")."""
        if self._kind is not None and now < self._until and self._rank(kind) < self._rank(
            self._kind
        ):
            return
        self._kind = kind
        self._text = FAULT_CUES.get(kind) or LIFT_TEXT.get(kind) or SLOWER_TEXT
        default = CUE_SHOW_S if kind in FAULT_CUES or kind == "slower" else LIFT_CUE_S
        self._until = now + (default if seconds is None else seconds)

    def current(self, now: float) -> tuple[str | None, str | None]:
        """(text, kind) of the cue showing now, or (None, None)."""
        if self._kind is None or now >= self._until:
            return None, None
        return self._text, self._kind

    def clear(self) -> None:
        self._kind = self._text = None
