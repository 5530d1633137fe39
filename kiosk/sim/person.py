"""The simulated person on the step: true heel height and the force on each strip.

``SimulatedPerson(mass_kg, seed, script=...)`` plays a ``Script``; without a
script it is driven live through ``person.control`` (``LiveControl``).
``state_at(t)`` gives a ``BodyState`` for increasing t, cheaply (it is called
up to 1000 times a second). ``performed_reps`` is the ground truth of the reps
done so far, found on the true heel height with the analysis definitions' rep
definition (below 5 mm, at least 15 mm, back below 5 mm, on an occupied step).

Load model: body weight (plus carried weight) times the scale of the current
position (1 standing, about 0.2 sitting) and the vertical acceleration of the
body's centre of mass, split left/right, then per foot between heel and
forefoot (the heel strip unloads as the heel leaves the zero level: at the top
everything is on the forefoot), then the forefoot between big toe (medial) and
lateral strip. Sway: a few slow sines per quantity, stronger on a balance pad.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.sim.live import LiveControl, LiveMotion
from kiosk.sim.motion import Plan, PlannedRep, Pose, compile_script
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
    demo_script,
)

__all__ = [
    "BodyState",
    "Empty",
    "LiveControl",
    "Pause",
    "RepTruth",
    "Reps",
    "Script",
    "SimulatedPerson",
    "Stand",
    "StepOff",
    "StepOffMidRep",
    "StepOn",
    "Wobble",
    "demo_script",
]

G = 9.81
HEEL_MIN_MM = -40.0
HEEL_MAX_MM = 110.0
REP_LOW_MM = 5.0
REP_HIGH_MM = 15.0
COM_PER_HEEL = 0.8  # the body's centre of mass rises about 0.8 mm per mm of heel


@dataclass(frozen=True, slots=True)
class BodyState:
    """The truth at time ``t``.

    :param on_step: somebody stands (or sits with feet) on the step. When False,
        nothing is over the ToF sensor and ``heel_mm`` means nothing.
    :param heel_mm: true heel height above the zero level (negative below it).
    :param loads_n: force in newtons on each strip, ``STRIP_NAMES`` order.
    :param stepping: somebody is stepping on or off: the strips may carry load but
        no height may make a rep (the labels treat the step as not occupied).
    :param swing_mm: when not None, a foot swinging through the ToF beam at this
        height is what the sensor sees instead of the heel.
    """

    t: float
    on_step: bool
    heel_mm: float
    loads_n: tuple[float, float, float, float, float, float]
    stepping: bool = False
    swing_mm: float | None = None

    def beam_mm(self) -> float | None:
        """Height (above the zero level) of what the ToF beam sees, None when nothing."""
        if self.swing_mm is not None:
            return self.swing_mm
        return self.heel_mm if self.on_step else None


@dataclass
class RepTruth:
    """A rep the person really did (times in seconds of person time)."""

    start_s: float
    top_s: float
    end_s: float
    peak_mm: float
    stance: str
    faults: tuple[str, ...]
    position: str = "floor"
    planned: PlannedRep | None = field(default=None, repr=False)


class _Sway:
    """Sum of three slow sines with random phases: postural sway, cheap to evaluate."""

    def __init__(self, rng: random.Random, amplitude: float) -> None:
        self.parts = [
            (amplitude * w, 2.0 * math.pi * rng.uniform(0.12, 1.3), rng.uniform(0, 2 * math.pi))
            for w in (0.6, 0.3, 0.15)
        ]

    def at(self, t: float) -> float:
        (a0, w0, p0), (a1, w1, p1), (a2, w2, p2) = self.parts
        return a0 * math.sin(w0 * t + p0) + a1 * math.sin(w1 * t + p1) + a2 * math.sin(w2 * t + p2)


def _heel_contact(heel_mm: float) -> float:
    """How much the heel strip can carry: 1 resting at zero, 0 lifted or hanging below."""
    # Below zero the heel hangs off the edge of the step.
    x = heel_mm / 6.0 if heel_mm >= 0.0 else (-heel_mm - 2.0) / 6.0
    if x <= 0.0:
        return 1.0
    if x >= 1.0:
        return 0.0
    return 1.0 - x * x * (3.0 - 2.0 * x)


class _RepTracker:
    """Finds reps on the true heel height by the contract's definition."""

    def __init__(self, live_position: Callable[[], str] = lambda: "floor") -> None:
        self.live_position = live_position
        self.reps: list[RepTruth] = []
        self._armed = False
        self._in_rep = False
        self._start = 0.0
        self._top_t = 0.0
        self._peak = -math.inf
        self._last: tuple[float, float] | None = None
        self._lift_seen: dict[str, float] = {}
        self._roll_s = {"out": 0.0, "in": 0.0}

    def update(self, t: float, on_step: bool, heel: float, plan: Plan | None,
               pose: Pose) -> None:
        last = self._last
        self._last = (t, heel)
        if not on_step:
            self._armed = self._in_rep = False
            return
        if heel < REP_LOW_MM:
            if self._in_rep:
                end = _cross(last, (t, heel), REP_LOW_MM) if last else t
                self.reps.append(self._make(end, plan))
                self._in_rep = False
            self._armed = True
            return
        if self._armed and not self._in_rep and last and last[1] < REP_LOW_MM:
            self._start = _cross(last, (t, heel), REP_LOW_MM)
            self._peak = -math.inf
            self._lift_seen = {}
            self._roll_s = {"out": 0.0, "in": 0.0}
        if self._armed and heel >= REP_LOW_MM:
            if heel > self._peak:
                self._peak, self._top_t = heel, t
            share = pose.share_left
            for side, loaded in (("left", share > 0.0), ("right", share < 1.0)):
                if not loaded:
                    self._lift_seen.setdefault(side, t)
            # Live faults: how long the ankles were rolled out near the top, in while lowering.
            dt = t - last[0] if last else 0.0
            medial = [m for m, w in ((pose.medial_l, share), (pose.medial_r, 1 - share)) if w > 0]
            if heel >= 0.8 * self._peak and any(m < 0.3 for m in medial):
                self._roll_s["out"] += dt
            if t > self._top_t and any(m > 0.93 for m in medial):
                self._roll_s["in"] += dt
            if heel >= REP_HIGH_MM:
                self._in_rep = True

    def _make(self, end: float, plan: Plan | None) -> RepTruth:
        planned = None
        if plan is not None:
            planned = next(
                (r for r in plan.reps if r.rise_s - 0.5 <= self._top_t <= r.end_s + 0.5), None
            )
        if planned is not None:
            stance, faults, position = planned.stance, planned.faults, planned.position
        else:
            stance = "both"
            lifted = [side for side in self._lift_seen if self._lift_seen[side] <= self._top_t]
            later = [side for side in self._lift_seen if self._lift_seen[side] > self._top_t]
            if len(lifted) == 1:
                stance = "right" if lifted[0] == "left" else "left"
            elif len(later) == 1:
                stance = "ecc_right" if later[0] == "left" else "ecc_left"
            faults = tuple(
                name for name, key, least in (("ankles_out", "out", 0.25), ("heels_in", "in", 0.35))
                if self._roll_s[key] >= least
            )
            position = self.live_position()
        return RepTruth(self._start, self._top_t, end, self._peak, stance, faults, position,
                        planned)


def _cross(a: tuple[float, float], b: tuple[float, float], level: float) -> float:
    """Time where the straight line from a to b crosses ``level``."""
    (t0, y0), (t1, y1) = a, b
    if y1 == y0:
        return t1
    return t0 + (level - y0) * (t1 - t0) / (y1 - y0)


class SimulatedPerson:
    """A person on the step, scripted or live (see the module docstring).

    :param mass_kg: body mass, 20..200 kg (a child to a heavy patient).
    :param seed: picks the person's sway, usual heel height and foot habits.
    :param script: what to do; None means live, through ``self.control``.
    :param control: the live control to follow (a new one, empty step, when None).
    :param track_reps: find ``performed_reps`` as it goes (off: a little faster).
    """

    def __init__(self, mass_kg: float = 70.0, seed: int = 0, script: Script | None = None,
                 control: LiveControl | None = None, track_reps: bool = True) -> None:
        if not 20.0 <= mass_kg <= 200.0:
            raise ValueError(f"body mass {mass_kg} kg is outside 20..200 kg")
        self.mass_kg = mass_kg
        self.seed = seed
        rng = random.Random(seed)
        self.ability = rng.uniform(0.9, 1.08)  # this person's usual heel height, relative
        medial = (0.58 + rng.uniform(-0.04, 0.04), 0.58 + rng.uniform(-0.04, 0.04))
        even = 0.5 + rng.uniform(-0.06, 0.06)  # most people favour one side a little
        self._sway_lr = _Sway(rng, 0.03)  # share of load, left/right
        self._sway_ap = _Sway(rng, 0.12)  # relative change of the heel's share
        self._sway_med = _Sway(rng, 0.025)  # medial share of the forefoot
        self._sway_heel = _Sway(rng, 1.0)  # mm, only when the heel is off the zero level
        self.script = script
        self.plan: Plan | None = None
        self.control: LiveControl | None = None
        self._live: LiveMotion | None = None
        if script is not None:
            self.plan = compile_script(script, random.Random(seed + 1), self.ability, medial,
                                       even)
        else:
            self.control = control or LiveControl()
            self._live = LiveMotion(self.control)
        control_now = self.control
        self._tracker = _RepTracker(
            (lambda: str(control_now.targets()["position"])) if control_now else (lambda: "floor")
        )
        self._track = track_reps
        self._last_t = -math.inf

    @property
    def duration_s(self) -> float:
        """Length of the script (0 when live)."""
        return self.plan.duration_s if self.plan else 0.0

    @property
    def performed_reps(self) -> list[RepTruth]:
        """Reps completed so far (by the contract's rep definition on the true heel)."""
        return list(self._tracker.reps)

    @property
    def planned_reps(self) -> list[PlannedRep]:
        """Every rep the script asks for (empty when live)."""
        return list(self.plan.reps) if self.plan else []

    def state_at(self, t: float) -> BodyState:
        """The body at time ``t`` (seconds); call with increasing t."""
        pose = self.plan.pose(t) if self.plan is not None else self._live.pose(t)  # type: ignore[union-attr]
        state = self._state_from(t, pose)
        if self._track and t > self._last_t:
            self._last_t = t
            self._tracker.update(t, state.on_step and not state.stepping, state.heel_mm,
                                 self.plan, pose)
        return state

    def _state_from(self, t: float, pose: Pose) -> BodyState:
        if not pose.on_step:
            return BodyState(t, False, pose.heel_mm, (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
                             pose.stepping, pose.swing_mm)
        gain = pose.sway_gain
        heel = pose.heel_mm
        if heel != 0.0:  # a heel resting at the zero level cannot sway up or down
            lift = min(1.0, abs(heel) / 15.0)
            heel += self._sway_heel.at(t) * gain * lift
            if pose.tremor_mm:  # physiological tremor, about 9 Hz
                heel += 0.5 * pose.tremor_mm * math.sin(2.0 * math.pi * 9.0 * t)
            heel = min(HEEL_MAX_MM, max(HEEL_MIN_MM, heel))

        acc = 0.0 if pose.sitting else pose.heel_acc * 0.001 * COM_PER_HEEL
        total = pose.scale * (self.mass_kg + pose.extra_kg) * (G + acc)
        share = pose.share_left
        # Sway moves load between the feet, but never onto a lifted foot.
        share += self._sway_lr.at(t) * gain * pose.lr_sway_gain * 4.0 * share * (1.0 - share)
        share = min(1.0, max(0.0, share))
        heel_share = pose.heel_rest * _heel_contact(heel) * (1.0 + self._sway_ap.at(t) * gain)
        heel_share = min(0.95, max(0.0, heel_share))
        med_sway = self._sway_med.at(t) * gain
        loads = []
        for foot_share, medial in ((share, pose.medial_l), (1.0 - share, pose.medial_r)):
            foot = max(0.0, total * foot_share)
            heel_n = foot * heel_share
            fore = foot - heel_n
            # Sway in the medial share shrinks near 0 and 1 (a lifted toe stays lifted).
            m = medial + med_sway * 4.0 * medial * (1.0 - medial)
            m = min(1.0, max(0.0, m))
            loads += [fore * m, fore * (1.0 - m), heel_n]
        return BodyState(t, True, heel, tuple(loads), pose.stepping,  # type: ignore[arg-type]
                         pose.swing_mm)
