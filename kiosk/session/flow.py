"""The patient's way through a session, as a pure state machine: no I/O, no threads.

calibrating -> countdown 3-2-1 -> active set -> resting -> countdown -> ... -> finished,
with paused reachable from any running stage. Time is whatever ``now`` the caller
passes (the session service uses the step's sample clock), so tests can run a
whole session faster than real time. The service does the storage and pacing
work on the transitions this returns.
"""

from __future__ import annotations

import math
from enum import StrEnum

from kiosk.session.view import Stage


class Transition(StrEnum):
    """What just happened, for the service to act on (store, pacer, screens)."""

    CALIBRATED = "calibrated"  # zero set and feet on: the first countdown starts
    COUNTDOWN_STARTED = "countdown_started"  # a 3-2-1 begins (before a set, or after a pause)
    SET_STARTED = "set_started"
    SET_RESUMED = "set_resumed"  # after a pause, the same set carries on
    SET_ENDED = "set_ended"
    REST_STARTED = "rest_started"
    FINISHED = "finished"  # every set done: the session is complete


class SessionFlow:
    """Stages and timers of one session.

    :param sets: sets in the programme.
    :param reps: reps per set (the heel-rise test ends a set by its own rule instead).
    :param rest_s: rest between sets.
    :param countdown_s: length of the 3-2-1 before each set.
    """

    def __init__(self, sets: int, reps: int, rest_s: float, countdown_s: float = 3.0) -> None:
        self.sets_total = sets
        self.reps_target = reps
        self.rest_s = rest_s
        self.countdown_s = countdown_s
        self.stage = Stage.CALIBRATING
        self.set_index = 0  # 1-based once the first set has started
        self.rep_count = 0  # reps counted in the current (or last) set
        self.sets_done = 0
        self._deadline: float | None = None  # end of the countdown or rest
        self._paused_from: Stage | None = None
        self._paused_left: float | None = None  # rest seconds left when paused
        self._resume_set = False  # the running countdown leads back into a paused set

    # -- queries -------------------------------------------------------------

    @property
    def set_shown(self) -> int:
        """The set the screen names: during a 3-2-1 the one about to start (the count
        itself moves ``set_index`` on only when the set begins)."""
        if self.stage is Stage.COUNTDOWN and not self._resume_set:
            return self.set_index + 1
        return self.set_index

    @property
    def running(self) -> bool:
        """A set may count reps now."""
        return self.stage is Stage.ACTIVE

    @property
    def paused_from(self) -> Stage | None:
        return self._paused_from

    def countdown(self, now: float) -> int | None:
        """3, 2, 1 during the countdown, else None."""
        if self.stage is not Stage.COUNTDOWN or self._deadline is None:
            return None
        return max(1, math.ceil(self._deadline - now))

    def remaining_s(self, now: float) -> float | None:
        """Seconds left of the countdown or rest (frozen while paused)."""
        if self.stage is Stage.PAUSED:
            return self._paused_left
        if self._deadline is None or self.stage not in (Stage.COUNTDOWN, Stage.RESTING):
            return None
        return max(0.0, self._deadline - now)

    def progress(self, now: float) -> float:
        """How far through the countdown or rest, 0..1."""
        left = self.remaining_s(now)
        total = self.countdown_s if self._stage_or_paused() is Stage.COUNTDOWN else self.rest_s
        if left is None or total <= 0:
            return 0.0
        return min(1.0, max(0.0, 1.0 - left / total))

    def _stage_or_paused(self) -> Stage:
        return self._paused_from if self.stage is Stage.PAUSED and self._paused_from else self.stage

    # -- inputs --------------------------------------------------------------

    def tick(self, now: float, *, ready: bool) -> list[Transition]:
        """Advance the timers. ``ready``: zero is set and the feet check passes."""
        if self.stage is Stage.CALIBRATING and ready:
            return [Transition.CALIBRATED, *self._start_countdown(now)]
        if self._deadline is None or now < self._deadline:
            return []
        if self.stage is Stage.COUNTDOWN:
            self._deadline = None
            self.stage = Stage.ACTIVE
            if self._resume_set:
                self._resume_set = False
                return [Transition.SET_RESUMED]
            self.set_index += 1
            self.rep_count = 0
            return [Transition.SET_STARTED]
        if self.stage is Stage.RESTING:
            return self._start_countdown(now)
        return []

    def count_rep(self, now: float) -> list[Transition]:
        """A rep was counted (and committed); ends the set at the programme's reps."""
        if self.stage is not Stage.ACTIVE:
            return []
        self.rep_count += 1
        if self.rep_count >= self.reps_target:
            return self.end_set(now)
        return []

    def end_set(self, now: float) -> list[Transition]:
        """End the running set (reps reached, or the heel-rise test's end rule)."""
        if self.stage is not Stage.ACTIVE:
            return []
        self.sets_done += 1
        if self.sets_done >= self.sets_total:
            self.stage = Stage.FINISHED
            self._deadline = None
            return [Transition.SET_ENDED, Transition.FINISHED]
        if self.rest_s > 0:
            self.stage = Stage.RESTING
            self._deadline = now + self.rest_s
            return [Transition.SET_ENDED, Transition.REST_STARTED]
        return [Transition.SET_ENDED, *self._start_countdown(now)]

    def skip_rest(self, now: float) -> list[Transition]:
        """The patient is ready before the rest is over: go to the countdown."""
        if self.stage is Stage.RESTING:
            return self._start_countdown(now)
        return []

    def pause(self, now: float) -> bool:
        """Pause a running stage; False when there is nothing to pause."""
        if self.stage not in (Stage.CALIBRATING, Stage.COUNTDOWN, Stage.ACTIVE, Stage.RESTING):
            return False
        self._paused_from = self.stage
        self._paused_left = self.remaining_s(now) if self.stage is Stage.RESTING else None
        self.stage = Stage.PAUSED
        self._deadline = None
        return True

    def resume(self, now: float) -> list[Transition] | None:
        """Carry on where the pause left off; a set restarts with a fresh 3-2-1.

        :returns: None when not paused, else the transitions (maybe none).
        """
        if self.stage is not Stage.PAUSED or self._paused_from is None:
            return None
        before, left = self._paused_from, self._paused_left
        self._paused_from = self._paused_left = None
        if before is Stage.CALIBRATING:
            self.stage = Stage.CALIBRATING
            return []
        if before is Stage.RESTING and left is not None:
            self.stage = Stage.RESTING
            self._deadline = now + left
            return []
        # Countdown or active: count the patient back in. A paused active set
        # resumes as the same set, so its reps so far still count.
        return self._start_countdown(now, resume_set=before is Stage.ACTIVE)

    def finish(self) -> None:
        """Stopped early: no more stages."""
        self.stage = Stage.FINISHED
        self._deadline = None
        self._paused_from = self._paused_left = None

    @property
    def resuming_set(self) -> bool:
        """The running countdown leads back into a paused set (not a new one)."""
        return self._resume_set

    def _start_countdown(self, now: float, resume_set: bool = False) -> list[Transition]:
        self.stage = Stage.COUNTDOWN
        self._deadline = now + self.countdown_s
        self._resume_set = resume_set
        return [Transition.COUNTDOWN_STARTED]
