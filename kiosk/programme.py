"""What staff prescribe: the exercise programme and its tempo. Pure data, no I/O."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from kiosk.errors import UserError

POSITIONS = ("sitting", "floor", "step")
# both feet; eccentric single-leg (up on two, down on one); single-leg.
VARIANTS = ("both", "ecc_left", "ecc_right", "single_left", "single_right")
SPACINGS = ("hip", "narrow", "wide")
SURFACES = ("firm", "unstable")
MODES = ("exercise", "heel_rise_test")
# How the lights pace the reps: "adaptive" waits for the patient, "strict" keeps the
# beat; "" follows the kiosk's setting.
PACINGS = ("", "adaptive", "strict")


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds for the rise, the hold at the top, the lowering, and the rest between reps."""

    up_s: float = 2.0
    hold_s: float = 1.0
    down_s: float = 3.0
    rest_s: float = 1.0

    @classmethod
    def parse(cls, text: str, rest_s: float = 1.0) -> Tempo:
        """Parse ``U-H-D`` (seconds, e.g. ``2-1-3`` or ``1-0-1``).

        :raises UserError: malformed text or a phase out of 0..20 s (rise and lowering > 0).
        """
        parts = text.strip().split("-")
        try:
            up, hold, down = (float(p) for p in parts)
        except ValueError:
            raise UserError(
                f"tempo '{text}' must be three numbers of seconds U-H-D, e.g. 2-1-3"
            ) from None
        if not (0 < up <= 20 and 0 <= hold <= 20 and 0 < down <= 20):
            raise UserError(
                f"tempo '{text}': rise and lowering must be above 0 and every phase at most 20 s"
            )
        return cls(up, hold, down, rest_s)

    def label(self) -> str:
        """``2-1-3`` style text."""
        return "-".join(f"{v:g}" for v in (self.up_s, self.hold_s, self.down_s))

    @property
    def rep_s(self) -> float:
        return self.up_s + self.hold_s + self.down_s + self.rest_s


# The standard heel-rise test: 60 beats a minute, one beat up, one beat down.
HEEL_RISE_TEST_TEMPO = Tempo(up_s=1.0, hold_s=0.0, down_s=1.0, rest_s=0.0)


@dataclass(frozen=True, slots=True)
class Programme:
    """One prescribed exercise: how, how many, how fast."""

    position: str = "floor"
    variant: str = "both"
    spacing: str = "hip"
    surface: str = "firm"
    weight_kg: float = 0.0
    sets: int = 3
    reps: int = 12
    tempo: Tempo = Tempo()
    rest_between_sets_s: float = 60.0
    target_mm: float | None = None
    mode: str = "exercise"
    name: str = ""
    pacing: str = ""

    def __post_init__(self) -> None:
        for field_name, allowed in (
            ("position", POSITIONS),
            ("variant", VARIANTS),
            ("spacing", SPACINGS),
            ("surface", SURFACES),
            ("mode", MODES),
            ("pacing", PACINGS),
        ):
            value = getattr(self, field_name)
            if value not in allowed:
                raise UserError(f"programme {field_name} '{value}' must be one of {allowed}")
        if not (1 <= self.sets <= 10 and 1 <= self.reps <= 100):
            raise UserError("programme needs 1..10 sets of 1..100 reps")
        if not 0 <= self.weight_kg <= 100:
            raise UserError("programme added weight must be 0..100 kg")

    @property
    def single_leg(self) -> bool:
        return self.variant.startswith("single_")

    @property
    def eccentric(self) -> bool:
        return self.variant.startswith("ecc_")

    @property
    def lift_cue(self) -> str | None:
        """Eccentric single-leg: at the top, lift the foot that does not lower
        (``"lift_left"`` or ``"lift_right"``); None for the other variants."""
        return {"ecc_left": "lift_right", "ecc_right": "lift_left"}.get(self.variant)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready), e.g. to store a copy with the session."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Programme:
        data = dict(data)
        tempo = data.pop("tempo", None)
        if isinstance(tempo, dict):
            data["tempo"] = Tempo(**tempo)
        elif isinstance(tempo, str):
            data["tempo"] = Tempo.parse(tempo)
        return cls(**data)

    @classmethod
    def heel_rise_test(cls) -> Programme:
        """The standard heel-rise test: one set to fatigue at 60 beats a minute."""
        return cls(
            name="Heel-rise test",
            mode="heel_rise_test",
            sets=1,
            reps=100,
            tempo=HEEL_RISE_TEST_TEMPO,
            rest_between_sets_s=0.0,
        )
