"""A set's schedule: the phases the tempo lights ask for, with times from the set's start.

Pure arithmetic on a ``Programme``; no clock, no hardware. Every phase's start
is computed from its rep number (``rep_start + k * cycle``), never by adding up
the previous phases, so the millionth phase is as exact as the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.programme import Programme, Tempo

# Phase kinds, in the order a rep goes through them.
COUNTDOWN = "countdown"
RISE = "rise"
HOLD = "hold"
LOWER = "lower"
REST = "rest"
REP_PHASES = (RISE, HOLD, LOWER, REST)
END_OF_SET = "end_of_set"
SET_REST = "set_rest"


COUNTDOWN_FROM = 3
COUNTDOWN_STEP_S = 1.0
END_OF_SET_S = 1.5


@dataclass(frozen=True, slots=True)
class Phase:
    """One asked phase: ``start`` / ``duration`` in seconds from the set's start.

    ``rep`` is 1-based for rise/hold/lower/rest, 0 otherwise; ``count`` is 3, 2, 1
    for the countdown.
    """

    kind: str
    start: float
    duration: float
    rep: int = 0
    count: int | None = None

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True, slots=True)
class SetSchedule:
    """The phases of one set and what they were built from (``reps``: cycles scheduled)."""

    phases: tuple[Phase, ...]
    tempo: Tempo
    reps: int
    set_index: int
    first_rep_s: float  # when rep 1's rise starts
    target: int = 0  # reps prescribed (``reps`` may hold spare cycles beyond it)

    @property
    def cycle_s(self) -> float:
        return self.tempo.rep_s

    def rep_start(self, rep: int) -> float:
        """Scheduled start of ``rep``'s rise (1-based), from the set's start."""
        return self.first_rep_s + (rep - 1) * self.cycle_s

    def boundary(self, rep: int, kind: str) -> float:
        """When the heel should enter ``kind`` (rise/hold/lower/rest) in ``rep``."""
        t = self.tempo
        offset = {
            RISE: 0.0,
            HOLD: t.up_s,
            LOWER: t.up_s + t.hold_s,
            REST: t.up_s + t.hold_s + t.down_s,
        }[kind]
        return self.rep_start(rep) + offset

    def index_of(self, kind: str, rep: int = 0) -> int | None:
        """Index of the first phase of ``kind`` (in ``rep`` when given), else None."""
        for i, phase in enumerate(self.phases):
            if phase.kind == kind and (rep == 0 or phase.rep == rep):
                return i
        return None

    def end(self) -> float:
        return self.phases[-1].end if self.phases else 0.0


def build_set(
    programme: Programme,
    set_index: int = 1,
    *,
    countdown: bool = True,
    countdown_step_s: float = COUNTDOWN_STEP_S,
    keep_empty_rest: bool = False,
    spare_reps: int = 0,
) -> SetSchedule:
    """The phases of set ``set_index`` (1-based) of ``programme``.

    Countdown 3-2-1, then per rep rise, hold, lower, rest; then the end-of-set
    signal, then the rest between sets unless this is the last set. Phases of
    zero length (no hold, no rest) are left out, except the rest when
    ``keep_empty_rest`` (adaptive pacing waits in it for the heel). ``spare_reps``
    extra cycles let adaptive pacing go on until the analysis has counted the
    prescribed reps (it skips to the end of set as soon as it has).
    """
    tempo = programme.tempo
    phases: list[Phase] = []
    first = 0.0
    if countdown:
        for k in range(COUNTDOWN_FROM):
            phases.append(
                Phase(COUNTDOWN, k * countdown_step_s, countdown_step_s, count=COUNTDOWN_FROM - k)
            )
        first = COUNTDOWN_FROM * countdown_step_s
    cycles = programme.reps + spare_reps
    for rep in range(1, cycles + 1):
        start = first + (rep - 1) * tempo.rep_s
        offset = 0.0
        for kind, duration in (
            (RISE, tempo.up_s),
            (HOLD, tempo.hold_s),
            (LOWER, tempo.down_s),
            (REST, tempo.rest_s),
        ):
            if duration > 0 or (kind == REST and keep_empty_rest):
                phases.append(Phase(kind, start + offset, duration, rep=rep))
            offset += duration
    end = first + cycles * tempo.rep_s
    phases.append(Phase(END_OF_SET, end, END_OF_SET_S))
    if set_index < programme.sets and programme.rest_between_sets_s > 0:
        phases.append(Phase(SET_REST, end + END_OF_SET_S, programme.rest_between_sets_s))
    return SetSchedule(tuple(phases), tempo, cycles, set_index, first, target=programme.reps)
