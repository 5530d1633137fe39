"""Live control of the simulated person: the keyboard and ``smartstep run --demo``.

``LiveControl`` holds targets set from any thread (a key handler, a demo
driver); ``LiveMotion`` follows them with smooth second-order responses, so a
held key gives a minimum-jerk-like rise rather than a jump.
"""

from __future__ import annotations

import math
import threading

from kiosk.sim.motion import (
    MEDIAL_ANKLES_OUT,
    MEDIAL_HEELS_IN,
    MEDIAL_NORMAL,
    SITTING_PUSH_SCALE,
    SITTING_SCALE,
    Pose,
    usual_peak_mm,
)
from kiosk.sim.script import POSITIONS


class LiveControl:
    """Thread-safe targets for a live simulated person.

    :param position: ``floor``, ``step`` (``set_raise`` below 0 drops the heels
        below the step's level) or ``sitting``.
    :param peak_mm: heel height at ``set_raise(1.0)``.
    """

    def __init__(self, position: str = "floor", peak_mm: float | None = None,
                 on_step: bool = False) -> None:
        if position not in POSITIONS:
            raise ValueError(f"position must be one of {', '.join(POSITIONS)}")
        self._lock = threading.Lock()
        self._position = position
        self._peak_mm = peak_mm if peak_mm is not None else usual_peak_mm(position, "both")
        self._on_step = on_step
        self._raise = 0.0
        self._lower_s = 0.0  # seconds a lowering from the usual peak takes (0: a drop)
        self._shift = 0.0
        self._lift: str | None = None
        self._roll: str | None = None
        self._hands = 0.0  # share of the body weight the hands carry (a rail, a wall)

    def step_on(self) -> None:
        with self._lock:
            self._on_step = True

    def step_off(self) -> None:
        with self._lock:
            self._on_step = False

    def set_raise(self, fraction: float, lower_s: float = 0.0) -> None:
        """0 = heels at the zero level, 1 = usual peak; below 0 (to -0.5) only on a step.

        :param lower_s: a lower target is reached at the pace of a lowering from the peak
            that takes this long (a slow, controlled lowering); 0: as fast as the body goes.
        """
        low = -0.5 if self._position == "step" else 0.0
        with self._lock:
            self._raise = min(1.0, max(low, float(fraction)))
            self._lower_s = max(0.0, float(lower_s))

    def shift_weight(self, amount: float) -> None:
        """-1 = all weight towards the left foot, +1 = towards the right, 0 = even."""
        with self._lock:
            self._shift = min(1.0, max(-1.0, float(amount)))

    def lift_foot(self, foot: str | None) -> None:
        """Lift ``'left'`` or ``'right'`` off the step (None puts it back down)."""
        if foot not in (None, "left", "right"):
            raise ValueError("foot must be None, 'left' or 'right'")
        with self._lock:
            self._lift = foot

    def roll(self, direction: str | None) -> None:
        """Roll the ankles ``'out'`` (load on the lateral forefoot) or ``'in'``."""
        if direction not in (None, "out", "in"):
            raise ValueError("direction must be None, 'out' or 'in'")
        with self._lock:
            self._roll = direction

    def hold_on(self, share: float) -> None:
        """Lean on the hands: they carry ``share`` (0..0.9) of the body weight."""
        with self._lock:
            self._hands = min(0.9, max(0.0, float(share)))

    def set_position(self, position: str) -> None:
        if position not in POSITIONS:
            raise ValueError(f"position must be one of {', '.join(POSITIONS)}")
        with self._lock:
            self._position = position
            self._raise = max(self._raise, 0.0) if position != "step" else self._raise

    def targets(self) -> dict[str, object]:
        """A consistent snapshot of every target."""
        with self._lock:
            return {
                "position": self._position, "peak_mm": self._peak_mm, "on_step": self._on_step,
                "raise": self._raise, "lower_s": self._lower_s, "shift": self._shift,
                "lift": self._lift,
                "roll": self._roll, "hands": self._hands,
            }


class _Follower:
    """Critically damped second-order follower: smooth start and stop, no overshoot."""

    def __init__(self, value: float, response_s: float) -> None:
        self.x = value
        self.v = 0.0
        self.a = 0.0
        self.w = 2.0 * math.pi / response_s  # natural frequency

    def step(self, target: float, dt: float) -> float:
        w = self.w
        self.a = w * w * (target - self.x) - 2.0 * w * self.v
        self.v += self.a * dt
        self.x += self.v * dt
        return self.x


class LiveMotion:
    """Turns ``LiveControl`` targets into a ``Pose`` at increasing times."""

    MAX_STEP_S = 0.005  # integration step; long gaps are split into these

    def __init__(self, control: LiveControl) -> None:
        self.control = control
        on = bool(control.targets()["on_step"])
        self._t: float | None = None
        self._heel = _Follower(0.0, 1.2)
        self._heel_aim = 0.0  # the heel's target, lowered at the asked pace
        self._share = _Follower(0.5, 0.8)
        self._scale = _Follower(1.0 if on else 0.0, 0.8)
        self._med_l = _Follower(MEDIAL_NORMAL, 0.6)
        self._med_r = _Follower(MEDIAL_NORMAL, 0.6)
        self._heel_rest = _Follower(0.5, 1.0)
        self._on_step = on

    def pose(self, t: float) -> Pose:
        tg = self.control.targets()
        position = str(tg["position"])
        sitting = position == "sitting"
        on = bool(tg["on_step"])
        raise_ = float(tg["raise"]) if on else 0.0  # type: ignore[arg-type]
        heel_target = raise_ * float(tg["peak_mm"]) if raise_ >= 0 else raise_ * 80.0  # type: ignore[arg-type]
        heel_target = max(-40.0, heel_target)
        lift, roll = tg["lift"], tg["roll"]
        share_target = 0.5 - 0.4 * float(tg["shift"])  # type: ignore[arg-type]
        if lift == "left":
            share_target = 0.0
        elif lift == "right":
            share_target = 1.0
        if not on:
            scale_target = 0.0
        elif sitting:
            scale_target = SITTING_SCALE + (SITTING_PUSH_SCALE - SITTING_SCALE) * max(0.0, raise_)
        else:
            scale_target = 1.0 - float(tg.get("hands", 0.0))  # type: ignore[arg-type]
        medial_target = {None: MEDIAL_NORMAL, "out": MEDIAL_ANKLES_OUT, "in": MEDIAL_HEELS_IN}[
            roll  # type: ignore[index]
        ]
        if on and not self._on_step:
            self._on_step = True
        dt = 0.0 if self._t is None else max(0.0, t - self._t)
        self._t = t
        steps = max(1, math.ceil(dt / self.MAX_STEP_S)) if dt > 0 else 0
        h = dt / steps if steps else 0.0
        lower_s = float(tg.get("lower_s", 0.0))  # type: ignore[arg-type]
        drop_rate = float(tg["peak_mm"]) / lower_s if lower_s > 0 else math.inf  # type: ignore[arg-type]
        for _ in range(steps):
            # Up at once; down no faster than the asked lowering.
            self._heel_aim = (heel_target if heel_target >= self._heel_aim
                              else max(heel_target, self._heel_aim - drop_rate * h))
            self._heel.step(self._heel_aim, h)
            self._share.step(share_target, h)
            self._scale.step(scale_target, h)
            self._med_l.step(medial_target, h)
            self._med_r.step(medial_target, h)
            self._heel_rest.step(0.62 if sitting else 0.5, h)
        if not on and self._scale.x < 0.01:
            self._on_step = False
        share = min(1.0, max(0.0, self._share.x))
        # A lifted foot carries nothing at all once it is up.
        if share > 0.995:
            share = 1.0
        elif share < 0.005:
            share = 0.0
        return Pose(
            on_step=self._on_step,
            heel_mm=self._heel.x,
            heel_acc=self._heel.a,
            share_left=share,
            scale=max(0.0, self._scale.x),
            medial_l=self._med_l.x,
            medial_r=self._med_r.x,
            heel_rest=self._heel_rest.x,
            extra_kg=0.0,
            sway_gain=1.0,
            lr_sway_gain=1.0,
            sitting=sitting,
        )
