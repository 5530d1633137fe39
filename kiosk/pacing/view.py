"""What the screen learns from the pacer: the fields of ``kiosk.session.view.LiveView``.

``asked_phase``, ``asked_progress``, ``countdown``, ``rest_remaining_s`` and
``cue_kind`` map one to one onto ``LiveView``; the rest is for the session.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PacingView:
    mode: str = "adaptive"
    # countdown / rise / hold / lower / rest / set_rest (the end-of-set signal is
    # "rest" with cue_kind "set_done").
    asked_phase: str = "rest"
    asked_progress: float = 0.0  # 0..1 through the asked phase
    countdown: int | None = None  # 3, 2, 1
    rest_remaining_s: float | None = None  # between sets
    # "slower", "lift_left" / "lift_right" (the foot to lift), a fault code, "set_done".
    cue_kind: str | None = None
    rep: int = 0  # the rep the lights are pacing, 1-based (0: none)
    set_index: int = 0
    waiting: bool = False  # adaptive: holding the next rise until the heel is down and still
    paused: bool = False
    done: bool = True  # no set being paced
    lag_s: float | None = None  # the heel's last phase change vs the asked one (+ late)
