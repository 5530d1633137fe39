"""Programme templates and the checks on a prescription. Pure, no storage.

The templates follow the clinic's guide; staff pick one and adjust it. For a
patient with one injured side, single-leg and eccentric variants load that side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from kiosk.programme import Programme, Tempo
from kiosk.staff.api import Problem, ProgrammeTemplate

PACINGS = ("adaptive", "strict")
NOTE_MAX = 500
TARGET_MM_RANGE = (5.0, 200.0)
TARGET_SHARE_RANGE = (0.3, 1.0)
REST_BETWEEN_SETS_RANGE = (0.0, 600.0)


def _templates() -> tuple[ProgrammeTemplate, ...]:
    return (
        # Early loading after an Achilles injury: seated, both feet, light and slow.
        ProgrammeTemplate("achilles_early", Programme(
            position="sitting", variant="both", sets=3, reps=15,
            tempo=Tempo(up_s=2.0, hold_s=1.0, down_s=3.0, rest_s=1.0), rest_between_sets_s=60.0,
        )),
        # Alfredson's protocol: 3 x 15, up on both feet, lowered slowly on the injured
        # leg, heels below step level.
        ProgrammeTemplate("eccentric_alfredson", Programme(
            position="step", variant="ecc_left", sets=3, reps=15,
            tempo=Tempo(up_s=1.0, hold_s=0.0, down_s=3.0, rest_s=1.0), rest_between_sets_s=60.0,
        )),
        # Heavy slow strength work: single-leg on the step, slow both ways.
        ProgrammeTemplate("strength", Programme(
            position="step", variant="single_left", sets=4, reps=8,
            tempo=Tempo(up_s=3.0, hold_s=0.0, down_s=3.0, rest_s=1.0), rest_between_sets_s=120.0,
        )),
        ProgrammeTemplate("heel_rise_test", Programme.heel_rise_test()),
    )


TEMPLATES = _templates()


def for_side(programme: Programme, injured_side: str) -> Programme:
    """A template's one-leg variant turned to the patient's injured side (left when unknown)."""
    if injured_side != "right" or not (programme.eccentric or programme.single_leg):
        return programme
    return dataclasses.replace(programme, variant=programme.variant.replace("left", "right"))


def templates_for(injured_side: str = "none") -> tuple[ProgrammeTemplate, ...]:
    return tuple(ProgrammeTemplate(t.code, for_side(t.programme, injured_side))
                 for t in TEMPLATES)


def check(programme: Programme, note: str, target_share: float | None, pacing: str
          ) -> Mapping[str, Problem]:
    """What is wrong with a prescription (empty: nothing). ``Programme`` checks its own
    choices and counts when it is made; these are the limits it does not check."""
    problems: dict[str, Problem] = {}
    if len(note) > NOTE_MAX:
        problems["note"] = Problem.TOO_LONG
    if pacing not in PACINGS:
        problems["pacing"] = Problem.BAD_VALUE
    if target_share is not None and not (
            TARGET_SHARE_RANGE[0] <= target_share <= TARGET_SHARE_RANGE[1]):
        problems["target_share"] = Problem.OUT_OF_RANGE
    if programme.target_mm is not None and not (
            TARGET_MM_RANGE[0] <= programme.target_mm <= TARGET_MM_RANGE[1]):
        problems["target_mm"] = Problem.OUT_OF_RANGE
    if not (REST_BETWEEN_SETS_RANGE[0] <= programme.rest_between_sets_s
            <= REST_BETWEEN_SETS_RANGE[1]):
        problems["rest_between_sets_s"] = Problem.OUT_OF_RANGE
    t = programme.tempo
    if not (0 < t.up_s <= 20 and 0 <= t.hold_s <= 20 and 0 < t.down_s <= 20
            and 0 <= t.rest_s <= 60):
        problems["tempo"] = Problem.OUT_OF_RANGE
    return problems
