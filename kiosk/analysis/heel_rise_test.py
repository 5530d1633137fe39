"""The standard heel-rise test: reps to fatigue at 60 beats a minute.

One beat up, one beat down (a rep every 2 s). The test ends when the heel
falls below 50 % of the set's best height for 2 reps in a row, or when the
person misses 2 beats (no rep started within a beat of when it was due). It
reports reps, total heel travel and work (body mass x g x height, summed), to
compare with published norms (healthy adults: median about 21-25 reps, peak
about 9-10 cm).

Fed with the engine's ``Rep`` objects as they complete and the clock, so the
kiosk can stop the test the moment it ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.analysis.events import Rep

G = 9.81
BEAT_S = 1.0  # 60 beats a minute
REP_S = 2 * BEAT_S  # one beat up, one down
LOW_RATIO = 0.5
LOW_REPS_TO_END = 2
MISSED_BEATS_TO_END = 2


@dataclass(frozen=True, slots=True)
class HeelRiseResult:
    reps: int  # reps counted until the test ended (reps below 50 % not counted)
    total_travel_m: float  # heel travel, up and down, of the counted reps
    work_j: float | None  # body mass x g x peak height, summed; None: mass unknown
    body_mass_kg: float | None  # the mass the work was computed with
    best_peak_mm: float
    ended_by: str  # "low_height", "missed_beats" or "stopped"
    end_s: float | None


class HeelRiseTest:
    """Follows one heel-rise test.

    :param body_mass_kg: the patient's mass, for the work in joules; None when it is
        not known (the result then has no work: an assumed mass would invent it).
    :param start_s: time of the first beat (the test's start, on the engine's clock).
    """

    def __init__(self, body_mass_kg: float | None, start_s: float = 0.0) -> None:
        if body_mass_kg is not None and not 20 <= body_mass_kg <= 300:
            raise ValueError("body mass must be 20..300 kg")
        self.body_mass_kg = body_mass_kg
        self.start_s = start_s
        self.counted: list[Rep] = []
        self._low_run = 0
        self._last_rep_s = start_s  # when the last rep began (or the test)
        self.ended_by: str | None = None
        self.end_s: float | None = None

    @property
    def finished(self) -> bool:
        return self.ended_by is not None

    def add_rep(self, rep: Rep) -> bool:
        """A completed rep; returns True when the test has now ended."""
        if self.finished:
            return True
        if self._missed(rep.start_s):
            return True
        self._last_rep_s = rep.start_s
        best = max((r.peak_mm for r in self.counted), default=0.0)
        if self.counted and rep.peak_mm < LOW_RATIO * best:
            self._low_run += 1
            if self._low_run >= LOW_REPS_TO_END:
                self._end("low_height", rep.end_s)
                return True
            return False
        self._low_run = 0
        self.counted.append(rep)
        return False

    def tick(self, t: float) -> bool:
        """The clock moved on (call a few times a second); True once the test ended."""
        if not self.finished:
            self._missed(t)
        return self.finished

    def stop(self, t: float) -> None:
        """Staff or patient stopped the test."""
        if not self.finished:
            self._end("stopped", t)

    def result(self) -> HeelRiseResult:
        travel_mm = sum(2 * r.peak_mm for r in self.counted)
        mass = self.body_mass_kg
        work = (None if mass is None
                else sum(mass * G * max(r.peak_mm, 0.0) / 1000 for r in self.counted))
        return HeelRiseResult(
            reps=len(self.counted),
            total_travel_m=travel_mm / 1000,
            work_j=work,
            body_mass_kg=mass,
            best_peak_mm=max((r.peak_mm for r in self.counted), default=0.0),
            ended_by=self.ended_by or "stopped",
            end_s=self.end_s,
        )

    def _missed(self, t: float) -> bool:
        # A rep is due every 2 s; two beats late past that means two missed beats.
        if t - self._last_rep_s > REP_S + MISSED_BEATS_TO_END * BEAT_S:
            self._end("missed_beats", self._last_rep_s + REP_S + MISSED_BEATS_TO_END * BEAT_S)
            return True
        return False

    def _end(self, why: str, t: float) -> None:
        self.ended_by = why
        self.end_s = t


def score_reps(reps: list[Rep], body_mass_kg: float | None, start_s: float = 0.0) -> HeelRiseResult:
    """The test's result over a finished list of reps (e.g. from a recording)."""
    test = HeelRiseTest(body_mass_kg, start_s)
    for rep in reps:
        if test.add_rep(rep):
            break
    return test.result()
