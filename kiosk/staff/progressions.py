"""Progressions: the guide's ladders and the rule that says a patient is ready.

Ladders, climbed in this order (the first one not yet at its top moves):

- position: sitting -> floor -> step
- variant: both feet -> eccentric single-leg -> single-leg (on the injured side)
- surface: firm -> unstable
- weight: + 2.5 kg at a time (up to the programme's limit)

Pure functions: the staff service feeds them stored sessions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.programme import POSITIONS, Programme
from kiosk.staff.api import ProgressionRule

WEIGHT_STEP_KG = 2.5
MAX_WEIGHT_KG = 100.0
RULE_SESSIONS_RANGE = (1, 20)
RULE_SHARE_RANGE = (0.5, 1.0)


@dataclass(frozen=True, slots=True)
class SessionResult:
    """What the rule needs of one finished session."""

    status: str  # "completed", "stopped" or "interrupted"
    reps: int
    good_reps: int


def next_step(programme: Programme, injured_side: str = "none") -> tuple[str, Programme] | None:
    """(ladder, the programme one rung up) or None when every ladder is at its top
    (or for a heel-rise test, which is a measurement, not a programme to climb)."""
    if programme.mode != "exercise":
        return None
    side = "right" if injured_side == "right" else "left"
    if programme.position != POSITIONS[-1]:
        higher = POSITIONS[POSITIONS.index(programme.position) + 1]
        return "position", dataclasses.replace(programme, position=higher)
    if programme.variant == "both":
        return "variant", dataclasses.replace(programme, variant=f"ecc_{side}")
    if programme.eccentric:
        return "variant", dataclasses.replace(
            programme, variant=programme.variant.replace("ecc_", "single_"))
    if programme.surface == "firm":
        return "surface", dataclasses.replace(programme, surface="unstable")
    if programme.weight_kg + WEIGHT_STEP_KG <= MAX_WEIGHT_KG:
        return "weight", dataclasses.replace(
            programme, weight_kg=round(programme.weight_kg + WEIGHT_STEP_KG, 1))
    return None


def rule_met(rule: ProgressionRule, latest: Sequence[SessionResult]) -> bool:
    """True when the ``rule.sessions`` newest finished sessions (``latest``, newest
    first) were all completed with at least ``rule.good_share`` good reps."""
    window = list(latest[: rule.sessions])
    if len(window) < rule.sessions:
        return False
    return all(
        s.status == "completed" and s.reps > 0 and s.good_reps >= rule.good_share * s.reps
        for s in window
    )


def rule_ok(rule: ProgressionRule) -> bool:
    lo, hi = RULE_SESSIONS_RANGE
    share_lo, share_hi = RULE_SHARE_RANGE
    return lo <= rule.sessions <= hi and share_lo <= rule.good_share <= share_hi
