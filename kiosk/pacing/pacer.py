"""The metronome: follows a set's schedule and drives the lights, buzzer and screen.

Time is explicit: ``update(now)`` shows what the schedule asks at ``now`` and
``next_change(now)`` says when that will next change, so a loop can sleep until
exactly then (``kiosk.pacing.runner.PacerLoop`` does, on its own thread) and
tests can step a fake clock. Every phase boundary is ``start + offset +
phase.start``: absolute, so timing never drifts by accumulated sleeps;
``offset`` only moves when adaptive pacing waits for or resyncs to the patient.

Modes:
- ``lead``: a strict metronome (the heel-rise test); the patient follows.
- ``adaptive`` (default for exercise): the next rise waits until the heel is
  back down and still; a patient lagging more than half a phase is resynced
  to.

In both, a rise or a lowering done in under ``too_fast_ratio`` of its asked time gets
"slower" on the screen and the lights: the rule (and setting) of the rep's ``too_fast``
fault, so the live cue and the summary never disagree.

Fed by the movement analysis through ``on_heel``, ``on_rep_completed`` and
``on_fault``; their ``t`` is on the pacer's clock (``None``: now).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.pacing.heel import HeelSettings, HeelTracker
from kiosk.pacing.schedule import (
    COUNTDOWN,
    END_OF_SET,
    HOLD,
    LOWER,
    REST,
    RISE,
    SET_REST,
    SetSchedule,
    build_set,
)
from kiosk.pacing.signals import (
    CUE_ON_SCREEN_S,
    FAULT_COLOUR,
    FAULT_FLASH,
    FAULT_TONES,
    LIFT_COLOUR,
    LIFT_TONES,
    OFF,
    SLOWER_COLOUR,
    SLOWER_S,
    SLOWER_TONES,
    TONES,
    Colour,
    Look,
    TempoOutput,
    ToneOutput,
    bar_of,
    bar_steps,
    colour_of,
)
from kiosk.pacing.view import PacingView
from kiosk.programme import Programme, Tempo

MODES = ("adaptive", "lead")
# Adaptive pacing: extra rises offered when the analysis has not yet counted the
# prescribed reps (a partial rep is not counted, so the patient gets another go).
SPARE_REPS = 3
_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Blip:
    """A timed overlay (a tone, a colour, a screen cue) from ``start`` until ``end``."""

    start: float
    end: float
    value: object


@dataclass(frozen=True, slots=True)
class Boundary:
    """A phase the pacer entered, and when (absolute, on the pacer's clock)."""

    t: float
    kind: str
    rep: int


class Pacer:
    """Paces one programme, a set at a time (``start_set``).

    :param lights: the bar and RGB LED, or None (screen only).
    :param beeper: the buzzer, or None.
    :param mode: ``"adaptive"`` or ``"lead"``.
    :param countdown_step_s: seconds per count of the 3-2-1 before a set.
    :param clock: the clock ``t=None`` and ``snapshot()`` read (monotonic seconds).
    """

    def __init__(
        self,
        programme: Programme,
        lights: TempoOutput | None = None,
        beeper: ToneOutput | None = None,
        *,
        mode: str = "adaptive",
        heel: HeelSettings | None = None,
        countdown_step_s: float = 1.0,
        too_fast_ratio: float = 0.3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"pacing mode must be one of {MODES}, not {mode!r}")
        self.programme = programme
        self.mode = mode
        self.countdown_step_s = countdown_step_s
        self.too_fast_ratio = too_fast_ratio
        self._moving_from: dict[str, float] = {}  # when the heel began its rise / lowering
        self._lights = lights
        self._beeper = beeper
        self._leds = lights.bar_length if lights is not None else 5
        self._clock = clock
        self.heel = HeelTracker(heel)
        # One lock for everything; ``changed`` wakes the loop when events move the schedule.
        self.changed = threading.Condition(threading.RLock())
        self.version = 0
        self.schedule: SetSchedule | None = None
        self.boundaries: deque[Boundary] = deque(maxlen=20_000)
        self.reps_counted = 0
        self.last_lag_s: float | None = None
        self.resyncs = 0
        self._t0 = 0.0
        self._offset = 0.0
        self._index = -1
        self._running = False
        self._paused_at: float | None = None
        self._waiting = False
        self._matched: set[tuple[int, str]] = set()
        self._tones: list[Blip] = []
        self._colours: list[Blip] = []
        self._cues: list[Blip] = []
        self._shown: Look | None = None

    # -- control ----------------------------------------------------------------

    @property
    def adaptive(self) -> bool:
        return self.mode == "adaptive"

    def start_set(self, set_index: int = 1, at: float | None = None) -> SetSchedule:
        """Start set ``set_index`` (1-based) with its 3-2-1 countdown at ``at`` (default now)."""
        with self.changed:
            at = self._now(at)
            self.schedule = build_set(
                self.programme,
                set_index,
                countdown_step_s=self.countdown_step_s,
                keep_empty_rest=self.adaptive,
                spare_reps=min(SPARE_REPS, self.programme.reps) if self.adaptive else 0,
            )
            self._t0, self._offset, self._index = at, 0.0, -1
            self._running, self._paused_at, self._waiting = True, None, False
            self.reps_counted = 0
            self.last_lag_s = None
            self._matched.clear()
            self._tones.clear()
            self._colours.clear()
            self._cues.clear()
            self._shown = None
            self._changed()  # the first update() at or after ``at`` starts the countdown
            return self.schedule

    def finish_set(self, now: float | None = None) -> None:
        """End the set now (e.g. the heel-rise test stopped at fatigue): end-of-set signal."""
        with self.changed:
            now = self._now(now)
            if self.schedule is not None and self._running:
                index = self.schedule.index_of(END_OF_SET)
                if index is not None and index > self._index:
                    self._seek(index, now)
                    self._changed()

    def pause(self, now: float | None = None) -> None:
        """Lights dark and silent until ``resume``."""
        with self.changed:
            if self._running and self._paused_at is None:
                self._paused_at = self._now(now)
                self._changed()

    def resume(self, now: float | None = None) -> None:
        """Carry on from the start of the rep (or phase) that was interrupted."""
        with self.changed:
            if self._paused_at is None or self.schedule is None:
                return
            now = self._now(now)
            self._paused_at = None
            if self._index < 0:
                self._changed()
                return
            phase = self.schedule.phases[self._index]
            index = self._index
            if phase.rep:
                index = self.schedule.index_of(RISE, phase.rep) or index
            self._seek(index, now)
            self._changed()

    def stop(self) -> None:
        """Stop pacing: everything dark and silent."""
        with self.changed:
            self._running = False
            self._paused_at = None
            self._push(Look(0, 1.0, OFF, None))
            self._changed()

    @property
    def running(self) -> bool:
        return self._running

    @property
    def done(self) -> bool:
        """The set's schedule (and its rest) has run out."""
        return self.schedule is not None and not self._running

    # -- analysis events ----------------------------------------------------------

    def on_heel(self, t: float | None, height_mm: float | None, phase: str) -> None:
        """One heel sample: height above zero (None: no reading) and its phase."""
        with self.changed:
            t = self._now(t)
            was_settled = self.heel.settled_t
            entered = self.heel.feed(t, height_mm, phase)
            moved = False
            if entered is not None and self._running and self._paused_at is None:
                moved = self._patient_entered(entered, t)
            if moved or (self._waiting and self.heel.settled_t != was_settled):
                self._changed()

    def on_rep_completed(self, t: float | None = None) -> None:
        """The analysis counted a rep (adaptive pacing ends the set at the target)."""
        with self.changed:
            self.reps_counted += 1
            self._changed()

    def on_fault(self, t: float | None, kind: str) -> None:
        """A fault in the movement: red flash, a low tone, the fault's cue on screen."""
        with self.changed:
            t = self._now(t)
            for offset, duration in FAULT_FLASH:
                self._colours.append(Blip(t + offset, t + offset + duration, FAULT_COLOUR))
            self._add_tones(t, FAULT_TONES)
            self._cues.append(Blip(t, t + CUE_ON_SCREEN_S, kind))
            self._changed()

    # -- the clock side -------------------------------------------------------------

    def update(self, now: float | None = None) -> None:
        """Show on the outputs what is asked at ``now``."""
        with self.changed:
            now = self._now(now)
            if not self._running:
                return
            if self._paused_at is not None:
                self._push(Look(0, 1.0, OFF, None))
                return
            self._advance(now)
            if self._index < 0:
                return  # not started yet
            if not self._running:
                self._push(Look(0, 1.0, OFF, None))
                return
            self._prune(now)
            self._push(self._look(now))

    def next_change(self, now: float | None = None) -> float | None:
        """When the outputs next change if nothing else happens (None: not until an event)."""
        with self.changed:
            now = self._now(now)
            if not self._running or self._paused_at is not None or self.schedule is None:
                return None
            if self._index < 0:
                return self._abs(0)
            times: list[float] = []
            phases = self.schedule.phases
            start = self._abs(self._index)
            times.extend(start + s for s in bar_steps(phases[self._index], self._leds))
            if self._index + 1 < len(phases):
                if not self._waiting:
                    times.append(self._abs(self._index + 1))
                elif (stale := self.heel.stale_at()) is not None:
                    times.append(stale)
            else:
                times.append(start + phases[self._index].duration)
            for track in (self._tones, self._colours, self._cues):
                for blip in track:
                    times.extend((blip.start, blip.end))
            later = [t for t in times if t > now + _EPS]
            return min(later) if later else None

    def snapshot(self, now: float | None = None) -> PacingView:
        """What the screen shows of the pacing at ``now``."""
        with self.changed:
            now = self._now(now)
            s = self.schedule
            if s is None or self._index < 0:
                return PacingView(mode=self.mode)
            phase = s.phases[self._index]
            elapsed = now - self._abs(self._index)
            progress = 1.0 if phase.duration <= 0 else min(1.0, max(0.0, elapsed / phase.duration))
            cue = self._cue(now)
            asked = phase.kind
            if asked == END_OF_SET:
                asked, cue = REST, cue or "set_done"
            return PacingView(
                mode=self.mode,
                asked_phase=asked,
                asked_progress=progress,
                countdown=phase.count if phase.kind == COUNTDOWN else None,
                rest_remaining_s=(
                    max(0.0, phase.duration - elapsed) if phase.kind == SET_REST else None
                ),
                cue_kind=cue,
                rep=phase.rep,
                set_index=s.set_index,
                waiting=self._waiting,
                paused=self._paused_at is not None,
                done=not self._running,
                lag_s=self.last_lag_s,
            )

    # -- internals --------------------------------------------------------------------

    def _now(self, t: float | None) -> float:
        return self._clock() if t is None else t

    def _changed(self) -> None:
        self.version += 1
        self.changed.notify_all()

    def _abs(self, index: int) -> float:
        assert self.schedule is not None
        return self._t0 + self._offset + self.schedule.phases[index].start

    def _gated(self, kind: str, rep: int) -> bool:
        """Adaptive pacing waits for the heel before the next rise and before the end of set."""
        return self.adaptive and ((kind == RISE and rep > 1) or kind == END_OF_SET)

    def _advance(self, now: float) -> None:
        """Enter every phase whose start has come (adaptive: once the heel allows)."""
        assert self.schedule is not None
        phases = self.schedule.phases
        self._waiting = False
        while self._index + 1 < len(phases):
            nxt = self._index + 1
            due = self._abs(nxt)
            if now + _EPS < due:
                return
            phase = phases[nxt]
            if self._gated(phase.kind, phase.rep):
                target = self.schedule.target
                counting = self.reps_counted > 0  # the session reports counted reps
                if phase.kind == RISE and (
                    self.reps_counted >= target or (phase.rep > target and not counting)
                ):
                    # Target reached: no more rises, straight to the end-of-set signal.
                    end = self.schedule.index_of(END_OF_SET)
                    if end is not None:
                        self._offset += due - (self._t0 + self._offset + phases[end].start)
                        self._index = end - 1
                        continue
                if self.heel.fresh(now):
                    settled = self.heel.settled_t
                    if settled is None:
                        self._waiting = True
                        return
                    if settled > due:
                        self._offset += settled - due
                        due = settled
                elif (stale := self.heel.stale_at()) is not None and stale > due:
                    # The heel went quiet while we waited: carry on from that moment.
                    self._offset += stale - due
                    due = stale
            self._index = nxt
            self._enter(nxt, due)
        # Past the last phase's end: the set is over.
        if self._index == len(phases) - 1 and now + _EPS >= self._abs(self._index) + phases[
            self._index
        ].duration:
            self._running = False

    def _seek(self, index: int, at: float) -> None:
        """Make phase ``index`` start at ``at`` and enter it (moves every later phase too)."""
        assert self.schedule is not None
        self._offset = at - self._t0 - self.schedule.phases[index].start
        self._index = index
        self._waiting = False
        self._enter(index, at)

    def _enter(self, index: int, at: float) -> None:
        assert self.schedule is not None
        phase = self.schedule.phases[index]
        self.boundaries.append(Boundary(at, phase.kind, phase.rep))
        tones = TONES.get(phase.kind, ())
        lift = self.programme.lift_cue
        top = phase.kind == HOLD or (phase.kind == LOWER and self.programme.tempo.hold_s <= 0)
        if lift and top:
            tones = LIFT_TONES
            length = max(self.programme.tempo.hold_s, 0.6)
            self._colours.append(Blip(at, at + length, LIFT_COLOUR))
            self._cues.append(Blip(at, at + length, lift))
        self._add_tones(at, tones)

    def _add_tones(self, at: float, tones: tuple[tuple[float, float, float], ...]) -> None:
        for offset, duration, hz in tones:
            self._tones.append(Blip(at + offset, at + offset + duration, hz))

    def _patient_entered(self, kind: str, t: float) -> bool:
        """Compare the heel's phase change with the asked one; resync or say "slower"."""
        s = self.schedule
        if s is None or self._index < 0 or kind not in (RISE, HOLD, LOWER, REST):
            return False
        rushed = self._rushed(kind, t, s.tempo)
        rep = s.phases[self._index].rep
        if rep == 0:
            return False
        reps = [r for r in (rep - 1, rep, rep + 1) if 1 <= r <= s.reps]
        base = self._t0 + self._offset
        best = min(reps, key=lambda r: abs(t - (base + s.boundary(r, kind))))
        if (best, kind) in self._matched:
            return False
        self._matched.add((best, kind))
        lag = t - (base + s.boundary(best, kind))
        self.last_lag_s = lag
        tempo = s.tempo
        tolerance = max(0.15, 0.5 * (tempo.up_s if kind in (RISE, HOLD) else tempo.down_s))
        if rushed:
            self._slower(t)
            return True
        if lag > tolerance and self.adaptive:
            target = s.index_of(kind, best)
            if target is None and kind == HOLD:
                target = s.index_of(LOWER, best)
            if target is None or target > self._index + 1:
                return False
            self.resyncs += 1
            if target == self._index:
                self._offset += t - self._abs(target)  # same phase: stretch it, no new tick
            else:
                self._seek(target, t)
            return True
        return False

    def _rushed(self, kind: str, t: float, tempo: Tempo) -> bool:
        """True when the rise or lowering the heel just ended took under
        ``too_fast_ratio`` of its asked time (the rep's ``too_fast`` rule)."""
        moving = self._moving_from
        if kind in (RISE, LOWER):
            done = moving.pop(RISE, None) if kind == LOWER else None
            moving[kind] = t
            return done is not None and t - done < self.too_fast_ratio * tempo.up_s
        if kind == HOLD:
            began = moving.pop(RISE, None)
            return began is not None and t - began < self.too_fast_ratio * tempo.up_s
        began = moving.pop(LOWER, None)  # REST: the heel is down
        return began is not None and t - began < self.too_fast_ratio * tempo.down_s

    def _slower(self, t: float) -> None:
        self._colours.append(Blip(t, t + SLOWER_S, SLOWER_COLOUR))
        self._add_tones(t, SLOWER_TONES)
        self._cues.append(Blip(t, t + CUE_ON_SCREEN_S, "slower"))

    def _prune(self, now: float) -> None:
        for track in (self._tones, self._colours, self._cues):
            track[:] = [b for b in track if b.end > now + _EPS]

    @staticmethod
    def _active(track: list[Blip], now: float) -> Blip | None:
        live = [b for b in track if b.start <= now + _EPS < b.end]
        return max(live, key=lambda b: b.start) if live else None

    def _cue(self, now: float) -> str | None:
        blip = self._active(self._cues, now)
        return None if blip is None else str(blip.value)

    def _look(self, now: float) -> Look:
        assert self.schedule is not None
        phase = self.schedule.phases[self._index]
        elapsed = now - self._abs(self._index)
        lit, level = bar_of(phase, elapsed, self._leds)
        colour: Colour = colour_of(phase)
        if phase.kind == END_OF_SET and lit == 0:
            colour = OFF  # the RGB LED blinks with the bar
        overlay = self._active(self._colours, now)
        if overlay is not None:
            colour = overlay.value  # type: ignore[assignment]
        tone = self._active(self._tones, now)
        return Look(lit, level, colour, None if tone is None else float(tone.value))  # type: ignore[arg-type]

    def _push(self, look: Look) -> None:
        """Send only what changed: pins change exactly when the look does."""
        old = self._shown
        if self._lights is not None:
            if old is None or (old.lit, old.level) != (look.lit, look.level):
                self._lights.set_bar(look.lit, look.level)
            if old is None or old.colour != look.colour:
                self._lights.set_colour(look.colour)
        if self._beeper is not None and (old is None or old.tone != look.tone):
            self._beeper.tone(look.tone)
        self._shown = look
