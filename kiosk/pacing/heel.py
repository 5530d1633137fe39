"""Where the patient's heel is, as far as pacing cares: its phase and "down and still".

Fed by the movement analysis (height above zero and its phase per sample);
knows nothing of the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HeelSettings:
    """When the heel counts as back down and still (the adaptive gate for the next rise)."""

    down_mm: float = 5.0  # at or below this height (the analysis's rep low mark)
    still_mm: float = 3.0  # moving less than this ...
    still_s: float = 0.3  # ... for this long
    stale_s: float = 1.0  # no heel news for this long: stop waiting for it


class HeelTracker:
    """Follows the heel's phase and tells when it has settled down and still."""

    def __init__(self, settings: HeelSettings | None = None) -> None:
        self.settings = settings or HeelSettings()
        self.phase: str | None = None
        self.last_t: float | None = None
        self._still_since: float | None = None
        self._still_ref: float = 0.0
        self.settled_t: float | None = None  # first sample that confirmed "down and still"

    def feed(self, t: float, height_mm: float | None, phase: str) -> str | None:
        """Take one sample; return the new phase when the heel changed phase, else None."""
        s = self.settings
        self.last_t = t
        down = height_mm is not None and phase == "rest" and height_mm <= s.down_mm
        if height_mm is None or not down:  # None again: a float below, for the type checker
            self._still_since = None
            self.settled_t = None
        elif self._still_since is None or abs(height_mm - self._still_ref) > s.still_mm:
            self._still_since, self._still_ref = t, height_mm
            self.settled_t = None
        elif self.settled_t is None and t - self._still_since >= s.still_s - 1e-9:
            self.settled_t = t
        changed = phase if phase != self.phase else None
        self.phase = phase
        return changed

    def fresh(self, now: float) -> bool:
        """True while the analysis keeps reporting the heel."""
        return self.last_t is not None and now - self.last_t <= self.settings.stale_s

    def stale_at(self) -> float | None:
        """When the heel news goes stale (if nothing more arrives)."""
        return None if self.last_t is None else self.last_t + self.settings.stale_s
