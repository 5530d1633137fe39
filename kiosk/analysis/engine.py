"""The movement engine: samples in, one at a time; events and measured reps out.

Per sample (the hot path, kept to plain arithmetic): strip loads -> occupancy
and feet check; raw ToF -> ``LiveHeight`` (a gate of what a heel can do, median
of 3, short average) -> height above zero; zero from the first still two-foot
stance (``ZeroFinder``); the 5 / 15 mm hysteresis state machine and the live
phase. The samples of the current rep are kept, and when the heel is back below
5 mm the rep is measured on a zero-lag smoothed copy (``reps.measure``; a short
rep's top by a parabola fitted around it, ``reps.fitted_peak``), its stance and
faults decided, and ``RepCompleted`` emitted on that same sample.

After stepping (back) on, reps wait for a settled stance: the load steady and
the heel down for a moment, so a foot swinging through the beam is no rep. A
rep whose top a dropout hid has only a lower bound for its peak: no ``partial``
is decided for it.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from dataclasses import replace
from itertools import repeat
from operator import mul, sub
from typing import Final

from kiosk.analysis import faults as fault_rules
from kiosk.analysis.calibration import BaselineLearner, Calibration, RestFinder, ZeroFinder
from kiosk.analysis.events import (
    Event,
    FaultDetected,
    FeetCheck,
    LiveState,
    Occupied,
    PhaseChanged,
    Rep,
    RepCompleted,
    RepStarted,
    TopReached,
    Vacated,
    ZeroSet,
)
from kiosk.analysis.height import LiveHeight, smooth
from kiosk.analysis.reps import fitted_peak, measure, top_window
from kiosk.analysis.samples import Sample
from kiosk.analysis.stance import loaded_feet, shares, stance_of, strip_columns
from kiosk.config import AnalysisConfig
from kiosk.programme import Tempo

# Rep detector states.
# _UNSETTLED: just stepped on or zeroed; a rep must start from below 5 mm first.
_LOW: Final = 0
_ARMED: Final = 1
_IN_REP: Final = 2
_UNSETTLED: Final = 3
# Samples kept before a rep starts (for the lowest point of the rise).
_PREROLL_S: Final = 2.0
_OCCUPY_ON_S: Final = 0.1
_VACATE_S: Final = 0.3
_HOLD_S: Final = 0.2  # near the top this long without a new high: "hold"
_STALE_S: Final = 0.5  # no ToF reading for this long: no height to show
_NEW_HIGH_MM: Final = 1.0  # a rise of more than this above the top so far: still rising
_CONFIRM_S: Final = 0.04  # the live height stays at 15 mm this long before a rep starts
_MIN_REP_S: Final = 0.2  # no heel goes up 15 mm and back faster
_QUIET_MM: Final = 1.5  # sensor noise (SD) up to which the normal smoothing is enough
_MAX_PEAK_SMOOTHING_S: Final = 0.4
# Noise (SD) above which the phase times are measured on a longer smoothing, up to this.
_PHASE_NOISE_MM: Final = 3.0
_MAX_PHASE_SMOOTHING_S: Final = 0.25
# The heels are down while the heel strips hold this share of the load (about 0.45 flat
# on the foot, under 0.05 once the heel has left the step by a few millimetres).
_HEELS_DOWN_SHARE: Final = 0.25
# Below this share the heels are up. Only heel strips seen to unload (working, and under
# the heels) are believed when they say the heels are down during a set.
_HEELS_UP_SHARE: Final = 0.1
# A "rep" through which the heel strips kept this share of their load at its start
# (and _HEELS_DOWN_SHARE of all) was none: the heel never left the step. (Only once the
# heel strips have been seen to unload: a strip stuck high must not hide every rep.)
_HEELS_STAY_RATIO: Final = 0.7
# A slow sensor sees a rep's top only when the rep lasts this many times 1.5 updates.
_SEEN_TOP_UPDATES: Final = 3.0
_FIRST_REST_S: Final = 0.2  # a still run with the heels down this long gives a first zero
_REVISE_GAP_S: Final = 0.1  # samples this far apart at rest: a rep (or a gap) between
# A run of the heels down this long revises the zero however far it moves it.
_TRUST_REVISION_S: Final = 1.0
_NOISY_END_SDS: Final = 2.0
# Without the heels seen down, the zero needs a still stance this many times zero_still_s.
_FALLBACK_STILL: Final = 4.0
# The motion constants (what a heel can do, settling after stepping on, the fit of a
# short rep's top) are settings: ``AnalysisConfig``, where each is explained.


class MovementEngine:
    """Streaming analysis of one step session (or one recording).

    :param settings: thresholds (``Config.analysis``).
    :param calibration: strip baselines and gains; identity when None.
    :param tempo: the prescribed tempo, for ``too_fast``; no check when None.
    :param target_mm: target heel height for ``partial``; else the median peak.
    :param mount: ``"below"`` (distance grows as the heel rises) or ``"above"``.
    """

    def __init__(
        self,
        settings: AnalysisConfig | None = None,
        calibration: Calibration | None = None,
        tempo: Tempo | None = None,
        target_mm: float | None = None,
        mount: str = "below",
    ) -> None:
        if mount not in ("below", "above"):
            raise ValueError(f"mount must be 'below' or 'above', not {mount!r}")
        self.settings = s = settings or AnalysisConfig()
        self.calibration = calibration or Calibration()
        self.tempo = tempo
        self.target_mm = target_mm
        self._sign = 1.0 if mount == "below" else -1.0
        # Without a staff calibration, an empty step at the start gives the baselines.
        self._learning = calibration is None
        self._baselines = BaselineLearner(
            0.6 * s.occupied_counts, s.baseline_min_samples, s.baseline_window
        )
        self._use_calibration(self.calibration)
        self._height = LiveHeight(
            s.live_lag_s, s.spike_gate_mm, relock_s=s.excursion_relock_s,
            relock_up_s=s.excursion_relock_up_s, speed_lag_edge_s=s.speed_lag_edge_s,
            stale_max_s=s.stale_max_s, stale_min_speed=s.stale_min_speed_mm_s,
            speed_lag_up_s=s.speed_lag_up_s, up=self._sign, max_accel=s.max_heel_accel_mm_s2,
            max_rise=s.max_heel_rise_mm,
        )
        # Settings the hot path reads on every sample, as plain attributes.
        self._occ_on = s.occupied_counts
        self._occ_off = 0.6 * s.occupied_counts
        self._share = s.foot_load_share
        self._low = s.rep_low_mm
        self._high = s.rep_high_mm
        self._drift_rate = 1.0 / s.drift_tau_s
        self._steady_band = s.settle_load_band
        self._load_tau = s.settle_load_tau_s
        self._settle_s = s.settle_s
        self._zero_finder = ZeroFinder(s.zero_still_s, s.still_tolerance_mm)
        self._rest_finder = RestFinder(_FIRST_REST_S, s.zero_still_s, s.still_tolerance_mm)
        self._any_zero_finder = ZeroFinder(_FALLBACK_STILL * s.zero_still_s, s.still_tolerance_mm)
        self.reps: list[Rep] = []
        self.zero_level: float | None = None
        # Occupancy.
        self.occupied = False
        self._occ_change_since: float | None = None
        self._last_strips: tuple[int, ...] = (0,) * 6
        # Rep detector.
        self._state = _LOW
        self._armed_t = 0.0
        self._high_since: float | None = None
        self._phase = "rest"
        self._max_h = 0.0
        self._max_t = 0.0
        self._top_t = 0.0
        self._top_sent = False
        self._number = 0
        # Stored samples of the rep under way: times, median-of-3 heights, raw strips.
        self._ts: list[float] = []
        self._hs: list[float] = []
        self._rs: list[float] = []
        self._ss: list[tuple[int, ...]] = []
        self._t = 0.0
        self._stored_t = -1.0
        self._last_tof_t = 0.0
        self._prev_strips: tuple[int, ...] = (0,) * 6
        self.heel_mm: float | None = None
        # Load steadiness (stepping on and off).
        self._load_avg = 0.0
        self._steady_since = 0.0
        self._settled_since: float | None = None
        self._stepped_on = False  # occupied again since the zero was set: must settle
        self._rep_load = 0.0
        self._hidden_tops: set[int] = set()  # numbers of reps whose top a dropout hid
        self._heel_strips_work = False  # the heel strips have been seen to unload
        self._revised_t = 0.0  # the last sample that could revise the zero

    # ---- public API -------------------------------------------------------------

    def feed(self, sample: Sample) -> list[Event]:
        """Analyse one sample; returns the events it caused (usually none)."""
        return self.feed_values(sample.t, sample.tof_mm, sample.strips)

    def feed_values(self, t: float, tof: float | None, strips: tuple[int, ...]) -> list[Event]:
        """``feed`` without building a ``Sample`` (the fast path of ``analyze``)."""
        # The hot path: plain arithmetic on locals, no allocation unless something happens.
        events: list[Event] = []
        prev_t = self._t
        self._t = t
        # -- strips: loads above baseline (times gain), occupancy, two-foot stance.
        self._last_strips = strips
        if self._unit_gains:
            left = strips[0] + strips[1] + strips[2] - self._base_left
            right = strips[3] + strips[4] + strips[5] - self._base_right
        else:
            left, right = self._foot_loads(strips)
        total = left + right
        occupied = self.occupied
        if occupied:
            changed = total < self._occ_off
        else:
            changed = total >= self._occ_on
            if self._learning:
                self._baselines.offer(strips)  # clearly empty: the strips' baselines
        if changed:
            since = self._occ_change_since
            if since is None:
                self._occ_change_since = t
            elif t - since >= (_VACATE_S if occupied else _OCCUPY_ON_S):
                self._occ_change_since = None
                self._set_occupied(not occupied, t, events)
                occupied = not occupied
        elif self._occ_change_since is not None:
            self._occ_change_since = None

        # -- heel height.
        zero = self.zero_level
        height = self._height
        if occupied and zero is not None and total > 0.0:
            b, g = self._base, self._gain
            heel_share = ((strips[2] - b[2]) * g[2] + (strips[5] - b[5]) * g[5]) / total
            if heel_share < _HEELS_UP_SHARE:
                self._heel_strips_work = True
            height.heels_down = self._heel_strips_work and heel_share >= _HEELS_DOWN_SHARE
            heels_up = self._heel_strips_work and heel_share < _HEELS_UP_SHARE
        else:
            height.heels_down = heels_up = False
        dist = height.feed(t, tof)
        # A reading new to the filter (a slow sensor's repeated rows are none).
        fresh = height.fresh
        reading = tof if fresh else None
        zero = self.zero_level
        if zero is None:
            share = self._share * total
            standing = occupied and left >= share and right >= share
            down = standing and self._heels_down(strips, total)
            level = self._zero_finder.feed(t, dist if fresh else None, down)
            quick = self._rest_finder.feed(t, reading, down, self._rest_block_s(),
                                           height.noise_now)
            # Heel strips that never show the heels down (a strip broken, wired wrong):
            # a still two-foot stance far longer than any hold at the top will do.
            fallback = self._any_zero_finder.feed(t, dist if fresh else None, standing)
            if level is None:
                level = quick if quick is not None else fallback
            else:
                self._rest_finder.best_s = self._rest_finder.enough_s  # as good as it gets
            if level is None:
                self.heel_mm = None
                return events
            self.zero_level = zero = level
            height.rest_level = level
            self._revised_t = t
            self._state = _UNSETTLED
            self._stepped_on = False  # the zero comes from a still stance: settled
            events.append(ZeroSet(t, level))
        if dist is None:
            self.heel_mm = None
            return events
        sign = self._sign
        h = (dist - zero) * sign
        if fresh:
            self._last_tof_t = t
            # The screens show a height once the still stance the kiosk asks for is
            # complete (the counting starts from the first, quicker zero).
            self.heel_mm = h if self._rest_finder.done else None
        elif t - self._last_tof_t > _STALE_S:
            self.heel_mm = None  # the sensor has been silent too long to show a height
        if not occupied:
            self.heel_mm = None
            return events
        if fresh:
            center_t = height.center_t
            if center_t > self._stored_t:
                # Store the spike-free median of 3 at its own (middle) time, with its strips.
                self._stored_t = center_t
                self._ts.append(center_t)
                self._hs.append((height.center - zero) * sign)
                self._rs.append((height.center_raw - zero) * sign)
                self._ss.append(self._prev_strips)
        self._prev_strips = strips

        # -- rep state machine (5 / 15 mm hysteresis).
        state = self._state
        if state != _IN_REP and not self._rest_finder.done:
            self._revise_zero(t, dist if fresh else None, reading, left, right,
                              self._heels_down(strips, total))
        if state == _LOW:
            if h >= self._low:
                self._state = _ARMED
                self._armed_t = t
                if h >= self._high:
                    # Past 15 mm at once (a fast rise, or one a dropout hid): the
                    # confirmation starts now, not a reading later.
                    self._high_since = t
            else:
                if -6.0 < h < 6.0 and fresh:
                    self._follow_rest(h, t - prev_t, left, right)
                if self._ts and self._ts[0] < t - 2 * _PREROLL_S:
                    self._trim_store(t - _PREROLL_S)
        elif state == _ARMED:
            if fresh and h < height.resolution_mm + 1.0:
                # A coarse sensor's rest: a drifted 1 cm sensor reads the heel at rest one
                # step (10 mm) above the zero, at times or always; the zero must follow
                # that too, or the heel never comes back below 5 mm and reps run
                # together. (A finer sensor's rise passes here untouched.)
                self._follow_rest(h, t - prev_t, left, right)
            if self._ts and self._ts[0] < t - 2 * _PREROLL_S:
                # Hovering between 5 and 15 mm: the 5 mm crossing is remembered as armed_t.
                self._trim_store(t - _PREROLL_S)
            if h < self._low:
                self._state = _LOW
                self._high_since = None
            elif h < self._high:
                self._high_since = None
            elif self._high_since is None:
                self._high_since = t
            elif t - self._high_since >= _CONFIRM_S:
                self._high_since = None
                self._state = _IN_REP
                self._number += 1
                self._max_h, self._max_t, self._top_t = h, t, t
                self._top_sent = False
                self._rep_load = total
                events.append(RepStarted(t, self._number, self._armed_t))
                self._set_phase("rise", t, events)
        elif state == _IN_REP:
            max_h = self._max_h
            if h > max_h:
                if h > max_h + _NEW_HIGH_MM:
                    self._max_t = t  # still rising (not the creep of a settling average)
                    if self._phase == "lower":
                        self._set_phase("rise", t, events)
                self._max_h = max_h = h
                self._top_t = t
            if h < self._low and not (heels_up and h > -_NOISY_END_SDS * height.noise_now
                                      and height.noise_now > _PHASE_NOISE_MM):
                # (On a very noisy sensor a reading's noise can take the heel below 5 mm
                # in the middle of a rep: while the heel strips show the heels clearly up,
                # only a heel well below that ends it, on a step say.)
                self._finish_rep(t, total, events)
            else:
                phase = self._phase
                if phase == "lower":
                    pass  # lowering until below 5 mm, or rising again (above)
                elif phase == "hold":
                    if h < max_h - max(4.0, 0.1 * max_h):  # only a drop ends the hold
                        self._update_phase(h, t, events)
                elif t - self._max_t >= _HOLD_S or (h < max_h - 4.0 and h < 0.9 * max_h):
                    self._update_phase(h, t, events)
        else:  # _UNSETTLED: from below 5 mm; after stepping on, a settled stance too
            if h < self._low and not self._stepped_on:
                self._state = _LOW
                return events
            # Load steadiness, only while settling after stepping on.
            avg = self._load_avg
            band = self._steady_band * avg
            if total - avg > band or avg - total > band:
                self._steady_since = t
            gap = t - prev_t
            if gap > 0.0:
                self._load_avg = avg + (total - avg) * (gap / (self._load_tau + gap))
            if h < self._low and not height.in_excursion:
                since = self._settled_since
                if since is None or since < self._steady_since:
                    since = self._settled_since = max(t, self._steady_since)
                if t - since >= self._settle_s:
                    self._state = _LOW
                    self._settled_since = None
                    self._stepped_on = False
                    # Heights from before (a foot swinging through the beam) belong to
                    # no rep: the next rep's top must not be one of them.
                    self._trim_store(since)
            else:
                self._settled_since = None
            if self._ts and self._ts[0] < t - 2 * _PREROLL_S:
                self._trim_store(t - _PREROLL_S)
        return events

    def _revise_zero(self, t: float, dist: float | None, reading: float | None, left: float,
                     right: float, heels_down: bool) -> None:
        """The zero came from a short still stance: a longer one, heels down, revises it
        (the still two-foot stance of the definitions, once seen, is final)."""
        if t - self._revised_t > _REVISE_GAP_S:
            # Not asked during a rep: a run from before it is over.
            self._zero_finder.reset()
            self._rest_finder.interrupt()
        self._revised_t = t
        share = self._share * (left + right)
        level = self._zero_finder.feed(t, dist, heels_down and left >= share and right >= share)
        if level is not None:
            self._rest_finder.best_s = self._rest_finder.enough_s
        else:
            rest = self._rest_finder
            level = rest.feed(t, reading, heels_down, self._rest_block_s(), self._height.noise_now)
            zero = self.zero_level
            if (level is not None and zero is not None and rest.best_s < _TRUST_REVISION_S
                    and abs(level - zero) > rest.level_error_mm + 1.0):
                # A short run far from the zero: more likely a heel settling on a foam
                # sole, or noise, than a better level.
                level = None
        if level is not None:
            self.zero_level = self._height.rest_level = level

    def _rest_block_s(self) -> float:
        """Blocks of the rest finder: 0.1 s, or two readings of a slow sensor."""
        reading_s = self._height.reading_s
        return 0.1 if 2.0 * reading_s < 0.1 else 2.0 * reading_s

    def _heels_stayed_down(self, ss: list[tuple[int, ...]], lo: int, hi: int) -> bool:
        """Did the heel strips carry their share of the load all through samples lo..hi,
        about as much as at the start? Then the heel never left the step: the ToF saw
        something else (far readings in sunlight). (Someone else's foot on a heel strip
        keeps its share up too, but not near its share at the start.)"""
        if hi - lo < 2:
            return False
        least = _HEELS_STAY_RATIO * self._heel_share(ss[lo])
        if least < _HEELS_DOWN_SHARE:
            least = _HEELS_DOWN_SHARE
        return all(self._heel_share(ss[i]) >= least for i in range(lo, hi))

    def _heel_share(self, strips: tuple[int, ...]) -> float:
        left, right = self._foot_loads(strips)
        total = left + right
        if total <= 0.0:
            return 0.0
        b, g = self._base, self._gain
        return ((strips[2] - b[2]) * g[2] + (strips[5] - b[5]) * g[5]) / total

    def _heels_down(self, strips: tuple[int, ...], total: float) -> bool:
        """Do the heel strips carry a fair share of the load (the heels on the step)?"""
        b, g = self._base, self._gain
        heels = (strips[2] - b[2]) * g[2] + (strips[5] - b[5]) * g[5]
        return total > 0.0 and heels >= _HEELS_DOWN_SHARE * total

    def _foot_loads(self, strips: tuple[int, ...]) -> tuple[float, float]:
        b, g = self._base, self._gain
        left = (strips[0] - b[0]) * g[0] + (strips[1] - b[1]) * g[1] + (strips[2] - b[2]) * g[2]
        right = (strips[3] - b[3]) * g[3] + (strips[4] - b[4]) * g[4] + (strips[5] - b[5]) * g[5]
        return left, right

    def finish(self) -> list[Event]:
        """End of the recording or session: a rep still in the air is not counted.

        Without a target, ``partial`` is re-decided against the median peak of all
        reps (the contract's reference for a whole recording).
        """
        events: list[Event] = []
        if self._state == _IN_REP:
            self._abort_rep(self._t, events)
        self._state = _LOW
        seen = [r.peak_mm for r in self.reps if r.number not in self._hidden_tops]
        if self.target_mm is None and seen:
            median = statistics.median(seen)
            updated = []
            for rep in self.reps:
                faults = [f for f in rep.faults if f != "partial"]
                if rep.number not in self._hidden_tops and fault_rules.partial(
                        rep.peak_mm, median, self.settings):
                    faults.insert(0, "partial")
                updated.append(replace(rep, faults=tuple(faults)))
            self.reps = updated
        return events

    def rezero(self) -> None:
        """Forget the zero; the next still two-foot stance sets it again."""
        self.zero_level = None
        self._height.rest_level = None
        self._zero_finder.reset()
        self._any_zero_finder.reset()
        self._rest_finder.reset()
        self._state = _UNSETTLED
        self._phase = "rest"
        self._clear_store()

    def begin_set(self) -> None:
        """Before each set: re-zero (the kiosk asks for a still stance first)."""
        self.rezero()

    @property
    def stored_samples(self) -> int:
        """Samples kept for the rep under way (bounded between reps)."""
        return len(self._ts)

    def state(self) -> LiveState:
        """A snapshot for the screens."""
        cal = self._calibrated(self._last_strips)
        # Zeroed for the screens: the still stance the kiosk asks for is complete.
        final = self.zero_level is not None and self._rest_finder.done
        left = max(0.0, cal[0] + cal[1] + cal[2])
        right = max(0.0, cal[3] + cal[4] + cal[5])
        total = left + right
        min_fore = self.settings.forefoot_min_counts
        lf, rf = cal[0] + cal[1], cal[3] + cal[4]
        return LiveState(
            t=self._t,
            occupied=self.occupied,
            zeroed=final,
            heel_mm=self.heel_mm,
            heel_phase=self._phase,
            left_share=left / total if self.occupied and total > 0 else None,
            toe_share_left=cal[0] / lf if lf >= min_fore else None,
            toe_share_right=cal[3] / rf if rf >= min_fore else None,
            calibration_progress=1.0 if final else self._zero_finder.progress,
            feet=self._feet_check(left, right),
            rep_count=len(self.reps),
            faults_seen=tuple(sorted({f for r in self.reps for f in r.faults})),
        )

    # ---- internals --------------------------------------------------------------

    def _use_calibration(self, calibration: Calibration) -> None:
        self.calibration = calibration
        self._base = b = calibration.baselines
        self._gain = calibration.gains
        self._unit_gains = all(g == 1 for g in self._gain)
        self._base_left = b[0] + b[1] + b[2]
        self._base_right = b[3] + b[4] + b[5]

    def _calibrated(self, strips: tuple[int, ...]) -> tuple[float, ...]:
        b, g = self._base, self._gain
        return tuple((strips[i] - b[i]) * g[i] for i in range(6))

    def _calibrated_columns(self, cols: list[list[float]]) -> list[list[float]]:
        """``_calibrated`` of every sample, a column at a time."""
        return [list(map(mul, map(sub, col, repeat(b)), repeat(g)))
                for col, b, g in zip(cols, self._base, self._gain, strict=True)]

    def _feet_check(self, left: float, right: float) -> FeetCheck | None:
        total = left + right
        share = self.settings.foot_load_share
        if not self.occupied or total <= 0 or min(left, right) < share * total:
            return FeetCheck.NOT_BOTH_FEET
        if abs(left / total - 0.5) > self.settings.even_stance_tolerance:
            return FeetCheck.UNEVEN
        return None

    def _set_occupied(self, occupied: bool, t: float, events: list[Event]) -> None:
        self.occupied = occupied
        if occupied:
            if self._learning:
                self._learning = False
                learned = self._baselines.calibration()
                if learned is not None:
                    self._use_calibration(learned)
            events.append(Occupied(t))
            self._height.reset()
            self._state = _UNSETTLED
            self._stepped_on = True
            self._load_avg = 0.0  # settles from here (see settle_s)
            self._steady_since = t
        else:
            if self._state == _IN_REP:
                self._abort_rep(t, events)
            self._state = _LOW
            self._clear_store()
            if self.zero_level is None:
                self._zero_finder.reset()
                self._any_zero_finder.reset()
            events.append(Vacated(t))

    def _set_phase(self, phase: str, t: float, events: list[Event]) -> None:
        if phase != self._phase:
            self._phase = phase
            events.append(PhaseChanged(t, phase))

    def _update_phase(self, h: float, t: float, events: list[Event]) -> None:
        top = self._max_h
        band = max(4.0, 0.1 * top)
        if h < top - band:
            if not self._top_sent:
                self._top_sent = True
                events.append(TopReached(t, self._number, self._top_t, top))
            self._set_phase("lower", t, events)
        elif self._phase == "rise" and t - self._max_t >= _HOLD_S:
            if not self._top_sent:
                self._top_sent = True
                events.append(TopReached(t, self._number, self._top_t, top))
            self._set_phase("hold", t, events)

    def _abort_rep(self, t: float, events: list[Event]) -> None:
        self._number -= 1
        self._state = _LOW
        self._set_phase("rest", t, events)

    def _finish_rep(self, t: float, total: float, events: list[Event]) -> None:
        s = self.settings
        self._state = _LOW
        # Against the load at the start and a moment before the end: an eccentric
        # single-leg rep ends on one foot with about half the counts of its start.
        before = self._load_before(t - s.step_off_lookback_s)
        if total < s.step_off_load_share * min(self._rep_load, before):
            # The heel "came down" while the load left the step: stepping off, not a rep.
            self._abort_rep(t, events)
            self._state = _UNSETTLED
            self._clear_store()
            return
        ts, hs, ss = self._ts, self._hs, self._ss
        n = len(ts)
        dt = max(1e-4, (ts[-1] - ts[0]) / (n - 1)) if n > 1 else 0.01
        # Readings further apart than the span are not averaged (a slow sensor's update
        # is already the mean over its period).
        smoothed = smooth(hs, round(s.smoothing_s / 2 / dt) if 2 * dt <= s.smoothing_s else 0)
        sigma = self._height.noise_now
        heavy = None
        if sigma > _QUIET_MM:
            # A noisy sensor: smooth longer for the peak, whose max would ride the noise.
            span = min(_MAX_PEAK_SMOOTHING_S, s.smoothing_s * (sigma / _QUIET_MM) ** 2)
            half = round(span / 2 / dt) if 2 * dt <= span else 0
            if self._height.slow and half > 1:
                half = 1  # a slow sensor's update is already a mean over its period
            heavy = smooth(hs, half)
        phase = None
        if sigma > _PHASE_NOISE_MM:
            # Very noisy (sunlight): one reading's noise would end a phase early.
            span = min(_MAX_PHASE_SMOOTHING_S, s.smoothing_s * sigma / _QUIET_MM)
            phase = smooth(hs, round(span / 2 / dt) if 2 * dt <= span else 0)
        shape = measure(ts, smoothed, s.rep_low_mm, s.ankles_out_height_ratio, heavy, phase)
        if shape is not None and shape.end_s - shape.start_s < s.peak_fit_max_rep_s:
            # A short top: fit it over the samples near it (their height, not a time span,
            # picks them, so a fast drop after a slower rise is fitted fairly too).
            top_i = bisect_left(ts, shape.top_s)
            low = min(smoothed[shape.start_i:top_i + 1])
            window = top_window(smoothed, top_i,
                                shape.peak_mm - s.peak_fit_depth * (shape.peak_mm - low))
            peak = fitted_peak(ts, self._rs, window, max(s.peak_fit_outlier_mm, 3.0 * sigma))
            if peak is not None:
                shape = replace(shape, peak_mm=peak)
        if (shape is None or shape.peak_mm < s.rep_high_mm
                or shape.end_s - shape.start_s < _MIN_REP_S
                or (self._heel_strips_work
                    and self._heels_stayed_down(ss, shape.start_i, shape.end_i + 1))):
            # The live height crossed 15 mm on noise; the smoothed rep did not.
            self._abort_rep(t, events)
            self._clear_store()
            return
        # The rep's samples only (every window below lies within them), as columns.
        lo, hi = shape.start_i, shape.end_i + 1
        raw = strip_columns(ss[lo:hi])
        rep_ts = ts[lo:hi]
        # Stance on raw counts (the contract's "strips' counts"); shares above baseline.
        rise_feet = loaded_feet(raw, shape.rise.start - lo, shape.rise.stop - lo,
                                s.foot_load_share)
        lower_feet = loaded_feet(raw, shape.lowering.start - lo, shape.lowering.stop - lo,
                                 s.foot_load_share)
        cal = raw if self.calibration.is_identity else self._calibrated_columns(raw)
        found: list[str] = []
        # A gap in the readings that takes up most of the top (a dropout) hides it: the
        # peak is then only a lower bound, so whether the rep was partial is unknown (and
        # it is no reference). The top: the samples near the peak and two either side (a
        # top first seen right after a dropout may have been higher in it).
        # (A slow sensor's readings are far apart: one either side.)
        side = 1 if self._height.slow else 2
        first = max(0, shape.near_top.start - side)
        last = min(shape.near_top.stop + side - 1, n - 1)
        gap = max(map(sub, ts[first + 1:last + 1], ts[first:last]), default=0.0)
        hidden_gap = max(s.hidden_top_gap_s, 1.5 * self._height.reading_s)
        top_seen = gap <= hidden_gap or gap <= 0.5 * (ts[last] - ts[first])
        if self._height.slow and shape.end_s - shape.start_s < _SEEN_TOP_UPDATES * hidden_gap:
            # A slow sensor's few readings of a short rep each average over their period:
            # its top is not among them, and the peak is only a lower bound.
            top_seen = False
        if not top_seen:
            self._hidden_tops.add(self._number)
        reference = self.target_mm
        if reference is None and top_seen:
            peaks = [r.peak_mm for r in self.reps if r.number not in self._hidden_tops]
            reference = statistics.median([*peaks, shape.peak_mm])
        if top_seen and fault_rules.partial(shape.peak_mm, reference, s):
            found.append("partial")
        if fault_rules.too_fast(shape.up_s, shape.down_s, self.tempo, s):
            found.append("too_fast")
        near_top = range(shape.near_top.start - lo, shape.near_top.stop - lo)
        if fault_rules.ankles_out(rep_ts, cal, near_top, s):
            found.append("ankles_out")
        lowering = range(shape.lowering.start - lo, shape.lowering.stop - lo)
        if fault_rules.heels_in(rep_ts, cal, lowering, s):
            found.append("heels_in")
        left_share, lsi, toe_l, toe_r = shares(cal, s.forefoot_min_counts)
        start_s = shape.start_s
        if shape.start_i == 0 and self._armed_t < ts[0]:
            start_s = self._armed_t  # the crossing itself was trimmed away (a long hover)
        rep = Rep(
            number=self._number,
            start_s=start_s,
            top_s=shape.top_s,
            end_s=shape.end_s,
            peak_mm=shape.peak_mm,
            up_s=shape.up_s,
            down_s=shape.down_s,
            stance=stance_of(rise_feet, lower_feet),
            faults=tuple(found),
            left_share=left_share,
            lsi=lsi,
            toe_share_left=toe_l,
            toe_share_right=toe_r,
            tut_s=shape.end_s - start_s,
        )
        self.reps.append(rep)
        if not self._top_sent:
            events.append(TopReached(t, rep.number, rep.top_s, rep.peak_mm))
        for kind in found:
            events.append(FaultDetected(t, kind, rep.number))
        self._set_phase("rest", t, events)
        events.append(RepCompleted(t, rep))
        self._clear_store()

    def _load_before(self, when: float) -> float:
        """The strips' total load at the last stored sample before ``when``."""
        i = bisect_left(self._ts, when) - 1
        if i < 0:
            return self._rep_load
        left, right = self._foot_loads(self._ss[i])
        return left + right

    def _follow_rest(self, h: float, dt: float, left: float, right: float) -> None:
        """Slow sensor drift: on both feet, let the zero follow the heel at rest."""
        share = self._share * (left + right)
        if left >= share and right >= share:
            if self._height.slow:
                dt = self._height.update_s  # one reading per update, not per row
            step = h * self._sign * min(1.0, dt * self._drift_rate)
            self.zero_level = self._height.rest_level = self.zero_level + step  # type: ignore[operator]

    def _trim_store(self, keep_from: float) -> None:
        """Forget stored samples older than ``keep_from`` (nothing needs them any more)."""
        cut = bisect_left(self._ts, keep_from)
        del self._ts[:cut], self._hs[:cut], self._rs[:cut], self._ss[:cut]

    def _clear_store(self) -> None:
        self._ts = []
        self._hs = []
        self._rs = []
        self._ss = []
