"""What the movement engine reports: events as they happen, and the measured rep.

Plain frozen dataclasses, so the session service can pass them between threads
and the storage can turn a ``Rep`` into a row (``Rep.to_json()`` is section 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

PHASES = ("rest", "rise", "hold", "lower")
FAULTS = ("partial", "too_fast", "ankles_out", "heels_in")


@dataclass(frozen=True, slots=True)
class Rep:
    """One counted rep: the fields of the analysis definitions plus extras.

    Times are seconds on the recording's clock; heights mm above zero.
    ``left_share``: left foot's share of all strip load over the rep (0..1);
    ``lsi``: limb symmetry index, 100 x smaller / larger foot load;
    ``toe_share_left/right``: big-toe share of that foot's forefoot load (None when
    the foot carried none); ``tut_s``: time under tension (start to end).
    """

    number: int
    start_s: float
    top_s: float
    end_s: float
    peak_mm: float
    up_s: float
    down_s: float
    stance: str
    faults: tuple[str, ...] = ()
    left_share: float | None = None
    lsi: float | None = None
    toe_share_left: float | None = None
    toe_share_right: float | None = None
    tut_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Exactly the section-4 object of this rep, rounded to 2 decimals."""
        return {
            "start_s": round(self.start_s, 2),
            "top_s": round(self.top_s, 2),
            "end_s": round(self.end_s, 2),
            "peak_mm": round(self.peak_mm, 2),
            "up_s": round(self.up_s, 2),
            "down_s": round(self.down_s, 2),
            "stance": self.stance,
            "faults": list(self.faults),
        }


@dataclass(frozen=True, slots=True)
class Occupied:
    t: float


@dataclass(frozen=True, slots=True)
class Vacated:
    t: float


@dataclass(frozen=True, slots=True)
class ZeroSet:
    """Zero height found: ``level_mm`` is the raw ToF distance of the heel at rest."""

    t: float
    level_mm: float


@dataclass(frozen=True, slots=True)
class RepStarted:
    """The heel went from below 5 mm to 15 mm: a rep is under way (``start_s`` = 5 mm)."""

    t: float
    rep_number: int
    start_s: float


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    t: float
    phase: str  # one of PHASES


@dataclass(frozen=True, slots=True)
class TopReached:
    t: float
    rep_number: int
    top_s: float
    height_mm: float


@dataclass(frozen=True, slots=True)
class FaultDetected:
    t: float
    kind: str  # one of FAULTS
    rep_number: int


@dataclass(frozen=True, slots=True)
class RepCompleted:
    t: float
    rep: Rep


Event = (
    Occupied | Vacated | ZeroSet | RepStarted | PhaseChanged | TopReached | FaultDetected
    | RepCompleted
)


class FeetCheck(StrEnum):
    """The feet check before a set: why the stance is not ready yet (None: it is)."""

    NOT_BOTH_FEET = "not_both_feet"  # one foot carries (almost) nothing
    UNEVEN = "uneven"  # both feet on, but the load leans clearly to one side


@dataclass(frozen=True, slots=True)
class LiveState:
    """What the screens show now (``MovementEngine.state()``)."""

    t: float = 0.0
    occupied: bool = False
    # The still two-foot stance the kiosk asks for is complete (reps may be counted from
    # a quicker first zero before it).
    zeroed: bool = False
    heel_mm: float | None = None  # None until zeroed, or while the sensor gives nothing
    heel_phase: str = "rest"
    left_share: float | None = None
    toe_share_left: float | None = None
    toe_share_right: float | None = None
    calibration_progress: float = 0.0
    feet: FeetCheck | None = None  # None: both feet on and even
    rep_count: int = 0
    faults_seen: tuple[str, ...] = field(default=())
