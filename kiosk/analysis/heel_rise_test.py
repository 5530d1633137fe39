"""The standard heel-rise test, run by the step by its published rules.

60 beats a minute: one beat up, one beat down (a rep every 2 s). The test ends
when the step sees one of the stop rules of the norm studies (see
docs/analysis.md for each rule's threshold and source):

- ``low_height``: the heel no longer rises past ``low_fraction`` of the mean peak
  of the patient's own first ``first_reps`` reps, ``low_reps_to_end`` reps in a row
  (a low rep is not counted);
- ``missed_beats``: no rep started for ``missed_beats_to_end`` beats after one was due;
- ``off_step_support``: with the heels down, the strips' total load (the median of
  each heels-down stretch) stays below the standing load before the test by more than
  ``support_margin`` (more than fingertip support: the hands carry the body) in
  ``support_rests`` rests in a row, or for ``support_hold_s`` in one long stretch;
- ``stopped``: staff or the patient stopped it.

A bent knee cannot be seen by a heel-height sensor and six foot strips: it is
not a stop rule here, and the test's protocol record says so.

It reports reps, total heel travel and work (body mass x g x height, summed), and
what a protocol record needs (pace kept, support seen). Fed with the engine's
``Rep`` objects as they complete, the strips' load and the clock, so the kiosk
can stop the test the moment it ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from kiosk.analysis.events import Rep

G = 9.81
# Why a test ended; the screens turn each code into words.
END_REASONS = ("low_height", "missed_beats", "off_step_support", "stopped")
HEELS_DOWN_MM = 2.0  # below this the heel rests on the step: the strips read as standing
REFERENCE_S = 0.5  # heels-down stance at the start that gives the standing load


@dataclass(frozen=True, slots=True)
class HeelRiseRules:
    """The test's protocol and stop thresholds (config section ``[heel_rise]``)."""

    beat_s: float = 1.0  # 60 beats a minute
    first_reps: int = 3
    low_fraction: float = 0.5
    low_reps_to_end: int = 2
    missed_beats_to_end: int = 2
    support_margin: float = 0.10  # share of the standing load
    support_rests: int = 2
    support_hold_s: float = 1.0

    @property
    def rep_s(self) -> float:
        return 2.0 * self.beat_s  # one beat up, one down

    @property
    def pace_bpm(self) -> float:
        return 60.0 / self.beat_s


@dataclass(frozen=True, slots=True)
class HeelRiseResult:
    reps: int  # reps counted until the test ended (low reps not counted)
    total_travel_m: float  # heel travel, up and down, of the counted reps
    work_j: float | None  # body mass x g x peak height, summed; None: mass unknown
    body_mass_kg: float | None  # the mass the work was computed with
    best_peak_mm: float
    ended_by: str  # one of END_REASONS
    end_s: float | None
    reference_peak_mm: float | None = None  # mean peak of the first reps
    kept_pace_bpm: float | None = None  # the pace the counted reps kept (median)
    lowest_load_pct: float | None = None  # lowest heels-down load, % of the standing load


class HeelRiseTest:
    """Follows one heel-rise test.

    :param body_mass_kg: the patient's mass, for the work in joules; None when it is
        not known (the result then has no work: an assumed mass would invent it).
    :param start_s: time of the first beat (the test's start, on the engine's clock).
    :param rules: the protocol's thresholds.
    :param standing_load: the strips' total in the still stance before the test (the
        countdown); None: learned from the first half second of heels-down samples.
    """

    def __init__(self, body_mass_kg: float | None, start_s: float = 0.0,
                 rules: HeelRiseRules | None = None,
                 standing_load: float | None = None) -> None:
        if body_mass_kg is not None and not 20 <= body_mass_kg <= 300:
            raise ValueError("body mass must be 20..300 kg")
        self.body_mass_kg = body_mass_kg
        self.start_s = start_s
        self.rules = rules if rules is not None else HeelRiseRules()
        self.counted: list[Rep] = []
        self._low_run = 0
        self._last_rep_s = start_s  # when the last rep began (or the test)
        self.ended_by: str | None = None
        self.end_s: float | None = None
        # Load: the standing reference, then heels-down time below it.
        self._ref_sum = 0.0
        self._ref_n = 0
        self._ref_since: float | None = None
        self._reference = standing_load if standing_load and standing_load > 0 else None
        self._below_rests = 0
        self._run: list[float] = []  # the current heels-down stretch's loads
        self._run_start = 0.0
        self._lowest_pct: float | None = None

    @property
    def finished(self) -> bool:
        return self.ended_by is not None

    @property
    def reference_peak_mm(self) -> float | None:
        """Mean peak of the first reps (of those counted so far while fewer)."""
        first = self.counted[:self.rules.first_reps]
        return sum(r.peak_mm for r in first) / len(first) if first else None

    @property
    def standing_load(self) -> float | None:
        return self._reference

    def add_rep(self, rep: Rep) -> bool:
        """A completed rep; returns True when the test has now ended."""
        if self.finished:
            return True
        if self._missed(rep.start_s):
            return True
        self._last_rep_s = rep.start_s
        reference = self.reference_peak_mm
        if reference is not None and rep.peak_mm < self.rules.low_fraction * reference:
            self._low_run += 1
            if self._low_run >= self.rules.low_reps_to_end:
                self._end("low_height", rep.end_s)
                return True
            return False
        self._low_run = 0
        self.counted.append(rep)
        return False

    def load(self, t: float, total: float, heel_mm: float | None) -> bool:
        """The strips' total load (calibrated counts) and the heel height at ``t``;
        True once the test ended. Only heels-down samples are compared: on tiptoe the
        strips read the same force differently, and the heels come down every rep.
        Each heels-down stretch counts by its median: a landing's jolt is no support."""
        if self.finished:
            return True
        if heel_mm is None or heel_mm >= HEELS_DOWN_MM:
            return self._close_run(t)
        if self._reference is None:
            self._learn_reference(t, total)
            return False
        if not self._run:
            self._run_start = t
        self._run.append(total)
        if (len(self._run) % 10 == 0 and t - self._run_start >= self.rules.support_hold_s
                and self._supported(_median(self._run))):
            self._end("off_step_support", t)
            return True
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
            reference_peak_mm=self.reference_peak_mm,
            kept_pace_bpm=self._kept_pace_bpm(),
            lowest_load_pct=self._lowest_pct,
        )

    def _learn_reference(self, t: float, total: float) -> None:
        if self._ref_since is None:
            self._ref_since = t
        self._ref_sum += total
        self._ref_n += 1
        if t - self._ref_since >= REFERENCE_S and self._ref_sum > 0:
            self._reference = self._ref_sum / self._ref_n

    def _supported(self, load: float) -> bool:
        reference = self._reference
        return reference is not None and load < (1.0 - self.rules.support_margin) * reference

    def _close_run(self, t: float) -> bool:
        """A heels-down stretch ended (a rise began): judge its load; True: the test ended."""
        run = self._run
        if len(run) < 3 or not self._reference:
            self._run = []
            return False
        load = _median(run)
        self._run = []
        pct = 100.0 * load / self._reference
        if self._lowest_pct is None or pct < self._lowest_pct:
            self._lowest_pct = pct
        if not self._supported(load):
            self._below_rests = 0
            return False
        self._below_rests += 1
        if self._below_rests >= self.rules.support_rests and not self.finished:
            self._end("off_step_support", t)
            return True
        return False

    def _kept_pace_bpm(self) -> float | None:
        starts = [r.start_s for r in self.counted]
        periods = [b - a for a, b in pairwise(starts) if b > a]
        if not periods:
            return None
        return 2.0 * 60.0 / _median(periods)  # two beats a rep

    def _missed(self, t: float) -> bool:
        # A rep is due every rep_s; that many beats late past it means that many missed.
        late_s = self.rules.rep_s + self.rules.missed_beats_to_end * self.rules.beat_s
        if t - self._last_rep_s > late_s:
            self._end("missed_beats", self._last_rep_s + late_s)
            return True
        return False

    def _end(self, why: str, t: float) -> None:
        self.ended_by = why
        self.end_s = t


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def score_reps(reps: list[Rep], body_mass_kg: float | None, start_s: float = 0.0,
               rules: HeelRiseRules | None = None) -> HeelRiseResult:
    """The test's result over a finished list of reps (e.g. from a recording)."""
    test = HeelRiseTest(body_mass_kg, start_s, rules)
    for rep in reps:
        if test.add_rep(rep):
            break
    return test.result()
