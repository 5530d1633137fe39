"""A script turned into smooth movement: keyframed channels with minimum-jerk moves.

Every quantity the body model needs (heel height, left/right share, load
scale, medial share of each forefoot, ...) is a ``Channel``: a list of
keyframes, joined by minimum-jerk curves (the smooth bell-shaped velocity of
human point-to-point movements), constant after the last keyframe.
``compile_script`` lays the actions out on one time line and records the reps
it planned (times, peak, stance, faults) as ground truth for labels.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, field

from kiosk.sim.script import (
    Empty,
    Pause,
    Reps,
    Script,
    Stand,
    StepOff,
    StepOffMidRep,
    StepOn,
    Wobble,
)

MEDIAL_NORMAL = 0.58  # big toe's share of a healthy forefoot's load
MEDIAL_ANKLES_OUT = 0.06  # rolled out at the top: the big toe nearly lifts
MEDIAL_HEELS_IN = 0.985  # heel collapsing in: the lateral forefoot unloads
MEDIAL_MILD_OUT = 0.47  # leaning outwards a little: lateral share stays under 0.6
SITTING_SCALE = 0.22  # share of body weight on the feet when sitting (legs only)
SITTING_PUSH_SCALE = 0.40  # ... at the top of a seated raise (push through the knees)


def min_jerk(tau: float) -> float:
    """Minimum-jerk position 0..1 for normalised time 0..1."""
    return tau * tau * tau * (10.0 + tau * (-15.0 + 6.0 * tau))


def min_jerk_acc(tau: float) -> float:
    """Second derivative of ``min_jerk`` with respect to tau."""
    return tau * (60.0 + tau * (-180.0 + 120.0 * tau))


class Channel:
    """One keyframed quantity; ``at(t)`` is cheap for increasing t (a cursor)."""

    def __init__(self, value: float) -> None:
        self.times: list[float] = [0.0]
        self.values: list[float] = [value]
        self._i = 0

    @property
    def last(self) -> float:
        return self.values[-1]

    def move(self, t0: float, t1: float, value: float) -> None:
        """Hold the last value until ``t0``, then move smoothly to ``value`` by ``t1``."""
        t0 = max(t0, self.times[-1])
        t1 = max(t1, t0 + 1e-3)
        if t0 > self.times[-1]:
            self.times.append(t0)
            self.values.append(self.values[-1])
        self.times.append(t1)
        self.values.append(value)

    def _segment(self, t: float) -> int:
        times = self.times
        i = self._i
        if t < times[i]:
            i = max(0, bisect.bisect_right(times, t) - 1)
        last = len(times) - 1
        while i < last and t >= times[i + 1]:
            i += 1
        self._i = i
        return i

    def at(self, t: float) -> float:
        times = self.times
        i = self._i
        # Fast path: t is still inside the current segment (the usual case).
        if not (times[i] <= t and (i + 1 >= len(times) or t < times[i + 1])):
            i = self._segment(t)
        if i >= len(times) - 1:
            return self.values[-1]
        t0 = times[i]
        v0 = self.values[i]
        tau = (t - t0) / (times[i + 1] - t0)
        return v0 + (self.values[i + 1] - v0) * tau * tau * tau * (10.0 + tau * (-15.0 + 6.0 * tau))

    def acc(self, t: float) -> float:
        """Second time derivative at ``t`` (units per s^2)."""
        i = self._segment(t)
        if i >= len(self.times) - 1:
            return 0.0
        t0, t1 = self.times[i], self.times[i + 1]
        span = t1 - t0
        return (self.values[i + 1] - self.values[i]) * min_jerk_acc((t - t0) / span) / span**2


@dataclass(slots=True)
class Pose:
    """The body's intent at one moment, before sway and the load model."""

    on_step: bool
    heel_mm: float
    heel_acc: float  # mm/s^2 of the heel's planned movement
    share_left: float  # left foot's share of the load, 0..1
    scale: float  # share of body weight on the strips (1 standing, ~0.2 sitting)
    medial_l: float  # big toe's share of the left forefoot load
    medial_r: float
    heel_rest: float  # heel's share of a foot's load when flat
    extra_kg: float
    sway_gain: float
    lr_sway_gain: float
    sitting: bool
    tremor_mm: float = 0.0  # peak-to-peak tremor of the heel now
    stepping: bool = False  # stepping on or off: no height may make a rep
    swing_mm: float | None = None  # a foot swinging through the ToF beam, this high


@dataclass(frozen=True)
class PlannedRep:
    """One rep as the script asked for it (intent; labels come from the signals)."""

    rise_s: float
    top_s: float
    lower_s: float
    end_s: float
    next_s: float
    peak_mm: float
    position: str
    stance: str
    faults: tuple[str, ...]
    tempo: tuple[float, float, float]
    near_misses: tuple[str, ...] = ()


@dataclass
class Plan:
    """Channels on one time line, plus the reps and on-step intervals planned."""

    heel: Channel = field(default_factory=lambda: Channel(0.0))
    share_left: Channel = field(default_factory=lambda: Channel(0.5))
    scale: Channel = field(default_factory=lambda: Channel(1.0))
    medial_l: Channel = field(default_factory=lambda: Channel(MEDIAL_NORMAL))
    medial_r: Channel = field(default_factory=lambda: Channel(MEDIAL_NORMAL))
    heel_rest: Channel = field(default_factory=lambda: Channel(0.5))
    extra_kg: Channel = field(default_factory=lambda: Channel(0.0))
    sway_gain: Channel = field(default_factory=lambda: Channel(1.0))
    lr_sway_gain: Channel = field(default_factory=lambda: Channel(1.0))
    tremor: Channel = field(default_factory=lambda: Channel(0.0))
    stepping_spans: list[tuple[float, float]] = field(default_factory=list)
    swing_spans: list[tuple[float, float, float]] = field(default_factory=list)  # t0, t1, mm
    on_step_changes: list[tuple[float, bool]] = field(default_factory=list)
    sitting_spans: list[tuple[float, float]] = field(default_factory=list)
    reps: list[PlannedRep] = field(default_factory=list)
    duration_s: float = 0.0

    def on_step(self, t: float) -> bool:
        state = True
        for when, value in self.on_step_changes:
            if when > t:
                break
            state = value
        return state

    def _sitting(self, t: float) -> bool:
        return any(a <= t < b for a, b in self.sitting_spans)

    def pose(self, t: float) -> Pose:
        return Pose(
            on_step=self.on_step(t) if self.on_step_changes else True,
            heel_mm=self.heel.at(t),
            heel_acc=self.heel.acc(t),
            share_left=self.share_left.at(t),
            scale=self.scale.at(t),
            medial_l=self.medial_l.at(t),
            medial_r=self.medial_r.at(t),
            heel_rest=self.heel_rest.at(t),
            extra_kg=self.extra_kg.at(t),
            sway_gain=self.sway_gain.at(t),
            lr_sway_gain=self.lr_sway_gain.at(t),
            sitting=self._sitting(t) if self.sitting_spans else False,
            tremor_mm=self.tremor.at(t),
            stepping=any(a <= t < b for a, b in self.stepping_spans),
            swing_mm=self._swing(t) if self.swing_spans else None,
        )

    def _swing(self, t: float) -> float | None:
        for t0, t1, height in self.swing_spans:
            if t0 <= t < t1:
                return height * math.sin(math.pi * (t - t0) / (t1 - t0))
        return None


def usual_peak_mm(position: str, variant: str) -> float:
    """A healthy adult's usual peak (mm above the zero level) in this position."""
    if position == "sitting":
        return 45.0 if variant == "both" else 42.0
    single = variant in ("left", "right")
    if position == "step":
        return 78.0 if single else 70.0
    return 85.0 if single else 75.0


class _Compiler:
    def __init__(self, rng: random.Random, ability: float, medial: tuple[float, float],
                 starts_empty: bool, even: float) -> None:
        self.rng = rng
        self.even = even  # this person's left share when standing "evenly"
        self.ability = ability
        self.medial = medial
        self.plan = Plan()
        self.t = 0.0
        self.plan.medial_l = Channel(medial[0])
        self.plan.medial_r = Channel(medial[1])
        self.plan.share_left = Channel(even)
        if starts_empty:
            self.plan.on_step_changes.append((0.0, False))
            self.plan.scale = Channel(0.0)

    def run(self, script: Script) -> Plan:
        for action in script:
            name = type(action).__name__.lower()
            if isinstance(action, StepOn) and action.swing_mm is not None:
                name = "steponswing"
            getattr(self, f"_do_{name}")(action)
        self.plan.duration_s = self.t
        return self.plan

    def _do_empty(self, a: Empty) -> None:
        self.t += a.seconds

    def _do_stand(self, a: Stand) -> None:
        self.t += a.seconds

    def _do_stepon(self, a: StepOn) -> None:
        p, t, s = self.plan, self.t, a.seconds / 1.5
        # The left foot lands first, its heel coming down onto the sensor (nothing
        # was over the sensor before, so the heel appears at 50 mm).
        p.heel.move(t, t + 0.001, 50.0)
        p.on_step_changes.append((t + 0.002, True))
        p.heel.move(t + 0.2 * s, t + 0.75 * s, 0.0)
        p.share_left.move(t, t + 0.001, 1.0)
        p.scale.move(t, t + 0.45 * s, 0.5)
        p.scale.move(t + 0.45 * s, t + 0.95 * s, 1.0)
        p.share_left.move(t + 0.45 * s, t + 0.95 * s, self.even)
        self.t += a.seconds

    def _do_steponswing(self, a: StepOn) -> None:
        # A real step-on: the left foot lands, then the right foot swings through the
        # beam while the strips load; the step counts as occupied once both are down.
        p, t, s = self.plan, self.t, a.seconds / 1.5
        p.on_step_changes.append((t + 0.002, True))
        p.stepping_spans.append((t, t + a.seconds))
        p.heel.move(t, t + 0.001, 0.0)
        p.share_left.move(t, t + 0.001, 1.0)
        p.scale.move(t, t + 0.4 * s, 0.55)
        p.swing_spans.append((t + 0.45 * s, t + 0.95 * s, a.swing_mm or 0.0))
        p.scale.move(t + 0.8 * s, t + 1.2 * s, 1.0)
        p.share_left.move(t + 0.8 * s, t + 1.2 * s, self.even)
        self.t += a.seconds

    def _do_stepoffmidrep(self, a: StepOffMidRep) -> None:
        # Rises as for a rep, then steps off forwards from the forefoot: the rep never
        # comes back down on the step.
        p, t = self.plan, self.t
        p.heel.move(t, t + 0.8, a.peak_mm)
        p.stepping_spans.append((t + 1.0, t + a.seconds))
        p.share_left.move(t + 0.9, t + 1.3, 1.0)
        p.scale.move(t + 1.1, t + 1.6, 0.0)
        p.on_step_changes.append((t + 1.6, False))
        p.heel.move(t + 1.7, t + 1.8, 0.0)
        self.t += a.seconds

    def _do_stepoff(self, a: StepOff) -> None:
        p, t, s = self.plan, self.t, a.seconds / 1.5
        p.share_left.move(t, t + 0.4 * s, 1.0)  # the right foot leaves first
        p.heel.move(t + 0.45 * s, t + 0.8 * s, 60.0)  # push-off from the left forefoot
        p.scale.move(t + 0.5 * s, t + 0.85 * s, 0.0)
        p.on_step_changes.append((t + 0.85 * s, False))
        p.heel.move(t + 0.9 * s, t + 0.95 * s, 0.0)
        self.t += a.seconds

    def _do_pause(self, a: Pause) -> None:
        # Still, but people shift their weight from foot to foot now and then.
        p, t, end = self.plan, self.t, self.t + a.seconds
        while t + 6.0 < end:
            t += self.rng.uniform(3.0, 6.0)
            shift = self.rng.uniform(-0.1, 0.1)
            p.share_left.move(t, t + 1.5, self.even + shift)
        settle = max(t + 1.6, end - 2.0)
        p.share_left.move(settle, max(settle + 1.0, end - 0.5), self.even)
        self.t = end

    def _do_wobble(self, a: Wobble) -> None:
        p, t = self.plan, self.t
        for _ in range(a.count):
            amp = a.amplitude_mm * self.rng.uniform(0.8, 1.0)
            p.heel.move(t, t + a.seconds * 0.5, amp)
            p.heel.move(t + a.seconds * 0.5, t + a.seconds, 0.0)
            p.share_left.move(t, t + a.seconds * 0.5, self.even + self.rng.uniform(-0.08, 0.08))
            p.share_left.move(t + a.seconds * 0.5, t + a.seconds, self.even)
            t += a.seconds + self.rng.uniform(0.6, 1.5)
        self.t = t

    def _do_reps(self, r: Reps) -> None:
        p, rng = self.plan, self.rng
        t = self.t
        up, hold, down = r.tempo
        single = r.variant in ("left", "right")
        ecc = r.variant.startswith("ecc_")
        working = "left" if r.variant in ("left", "ecc_left") else "right"
        peak = r.peak_mm if r.peak_mm is not None else usual_peak_mm(r.position, r.variant)
        peak = min(104.0, peak * (self.ability if r.peak_mm is None else 1.0))
        bottom = r.bottom_mm if r.position == "step" else 0.0
        medial = {
            "left": self.medial[0] + {"narrow": -0.03, "hip": 0.0, "wide": 0.06}[r.spacing],
            "right": self.medial[1] + {"narrow": -0.03, "hip": 0.0, "wide": 0.06}[r.spacing],
        }
        chans = {"left": p.medial_l, "right": p.medial_r}

        # Set up: extra weight, balance pad, spacing, sitting down, lifting a foot.
        p.extra_kg.move(t, t + 1.0, r.added_kg)
        if r.rail_share and r.position != "sitting":
            p.scale.move(t, t + 1.0, 1.0 - r.rail_share)  # hands on the rail
        p.sway_gain.move(t, t + 1.0, 2.5 if r.surface == "unstable" else 1.0)
        p.lr_sway_gain.move(t, t + 1.0, 1.6 if r.spacing == "narrow" else 1.0)
        for side in ("left", "right"):
            chans[side].move(t, t + 1.0, medial[side])
        t += 1.0
        sit_start = t
        if r.position == "sitting":
            p.scale.move(t, t + 1.5, SITTING_SCALE)
            p.heel_rest.move(t, t + 1.5, 0.62)
            t += 2.0
        if single:
            p.share_left.move(t, t + 1.0, 1.0 if working == "left" else 0.0)
            t += 1.4
        if r.position == "step":
            p.heel.move(t, t + max(down, 1.0), bottom)
            t += max(down, 1.0) + r.rest_s

        n = r.n
        for i in range(n):
            x = i / (n - 1) if n > 1 else 0.0
            faults = r.faults_of(i)
            misses = r.near_misses_of(i)
            rep_peak = peak * (1.0 - 0.22 * r.fatigue * x) * (1.0 + rng.uniform(-0.03, 0.03))
            if "partial" in faults:
                rep_peak *= 0.45
            elif "partial" in misses:
                rep_peak *= 0.86
            rep_peak = max(rep_peak, 22.0)
            u = up * (1.0 + 0.2 * r.fatigue * x) * (1.0 + rng.uniform(-0.05, 0.05))
            d = down * (1.0 - 0.1 * r.fatigue * x) * (1.0 + rng.uniform(-0.05, 0.05))
            h = hold
            rest = r.rest_s
            if "too_fast" in faults:
                u, d = max(0.25, 0.2 * up), max(0.25, 0.2 * down)
            if "ankles_out" in faults:
                h = max(h, 0.6)  # lingers at the top, rolled out
            if "heels_in" in faults:
                d = max(d, 2.0)
            if r.ballistic:
                h = 0.0
                d = rng.uniform(0.22, 0.3)
            if ecc:
                h = max(h, 0.8)  # time to lift the other foot at the top
                rest = max(rest, 1.0)  # ... and to put it back down at the bottom
            t_rise, t_top = t, t + u
            t_lower = t_top + h
            t_end = t_lower + d
            t_next = t_end + rest
            p.heel.move(t_rise, t_top, rep_peak)
            if r.tremor_mm and h > 0.3:
                p.tremor.move(t_top, t_top + 0.1, r.tremor_mm)
                p.tremor.move(t_lower - 0.1, t_lower, 0.0)
            if i in r.double_rise:
                # Half way down, a pause and a second small rise, then on down.
                half = 0.5 * rep_peak + 0.5 * bottom
                p.heel.move(t_lower, t_lower + 0.45 * d, half)
                p.heel.move(t_lower + 0.45 * d, t_lower + 0.45 * d + 0.35, half + 9.0)
                p.heel.move(t_lower + 0.45 * d + 0.35, t_end + 0.35, bottom)
                t_end += 0.35
                t_next += 0.35
            elif r.ballistic and r.position == "step":
                p.heel.move(t_lower, t_end, bottom - rng.uniform(6.0, 10.0))  # overshoot
                p.heel.move(t_end, t_end + 0.25, bottom)  # ... and bounce back
            else:
                p.heel.move(t_lower, t_end, bottom)
            if r.position == "sitting":
                p.scale.move(t_rise, t_top, SITTING_PUSH_SCALE)
                p.scale.move(t_lower, t_end, SITTING_SCALE)
            if ecc:
                p.share_left.move(t_top + 0.05, t_top + h - 0.1, 1.0 if working == "left" else 0.0)
                p.share_left.move(t_end + 0.1, t_end + rest - 0.1, self.even)
            loaded_down = (working,) if (single or ecc) else ("left", "right")
            loaded_up = (working,) if single else ("left", "right")
            both_rolls = "ankles_out" in faults and "heels_in" in faults
            if "ankles_out" in faults:
                for side in loaded_up:
                    chans[side].move(t_rise + 0.5 * u, t_top, MEDIAL_ANKLES_OUT)
                    if not both_rolls:
                        chans[side].move(t_lower + 0.4 * d, t_lower + 0.7 * d, medial[side])
            if "heels_in" in faults:
                # Out at the top and then in on the way down: straight from one to the other.
                start = t_lower if both_rolls else t_lower - min(0.3, h)
                for side in loaded_down:
                    chans[side].move(start, t_lower + 0.15 * d, MEDIAL_HEELS_IN)
                    chans[side].move(t_end + 0.05, t_end + max(0.3, rest - 0.1), medial[side])
                for side in set(loaded_up) - set(loaded_down):  # ecc: the foot now lifted
                    if both_rolls:
                        chans[side].move(t_end + 0.05, t_end + max(0.3, rest - 0.1), medial[side])
            if "ankles_out" in misses:  # rolls out for a moment only
                tc = t_top + 0.5 * h
                for side in loaded_up:
                    chans[side].move(tc - 0.06, tc - 0.02, MEDIAL_ANKLES_OUT)
                    chans[side].move(tc + 0.01, tc + 0.05, medial[side])
            if "ankles_out_mild" in misses:  # leans outwards, but not past the threshold
                for side in loaded_up:
                    chans[side].move(t_rise + 0.5 * u, t_top, MEDIAL_MILD_OUT)
                    chans[side].move(t_lower + 0.4 * d, t_lower + 0.7 * d, medial[side])
            if "heels_in" in misses:  # a brief collapse half way down
                tc = t_lower + 0.45 * d
                for side in loaded_down:
                    chans[side].move(tc - 0.06, tc - 0.02, MEDIAL_HEELS_IN)
                    chans[side].move(tc + 0.01, tc + 0.05, medial[side])
            stance = r.variant
            p.reps.append(PlannedRep(t_rise, t_top, t_lower, t_end, t_next, rep_peak,
                                     r.position, stance, faults, r.tempo, misses))
            t = t_next

        # Back to a still two-foot stance at the zero level.
        if r.position == "step":
            p.heel.move(t, t + 1.2, 0.0)
            t += 1.5
        if single:
            p.share_left.move(t, t + 1.0, self.even)
            t += 1.2
        if r.position == "sitting":
            p.scale.move(t, t + 1.5, 1.0)
            p.heel_rest.move(t, t + 1.5, 0.5)
            t += 2.0
            p.sitting_spans.append((sit_start, t))
        p.extra_kg.move(t, t + 1.0, 0.0)
        if r.rail_share and r.position != "sitting":
            p.scale.move(t, t + 1.0, 1.0)
        p.sway_gain.move(t, t + 1.0, 1.0)
        p.lr_sway_gain.move(t, t + 1.0, 1.0)
        self.t = t + 1.0


def compile_script(script: Script, rng: random.Random, ability: float = 1.0,
                   medial: tuple[float, float] = (MEDIAL_NORMAL, MEDIAL_NORMAL),
                   even: float = 0.5) -> Plan:
    """Lay ``script`` out on a time line starting at t=0.

    :param even: the left foot's share of the load when standing on both (0.5 = even).
    """
    return _Compiler(rng, ability, medial, script.starts_empty(), even).run(script)
