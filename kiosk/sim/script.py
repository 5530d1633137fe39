"""What the simulated person does: a ``Script`` of actions, played in order.

>>> Script([StepOn(), Stand(3), Reps(10, tempo=(2, 1, 3), position="step"), StepOff()])

Positions: ``floor``, ``step`` (heels lowered below the step's level between
reps) and ``sitting`` (knees at 90 degrees: the strips carry only the legs plus
a push). Variants: ``both``, ``left``/``right`` (single leg, the other foot
lifted) and ``ecc_left``/``ecc_right`` (up on both feet, down on one). Faults
(the analysis definitions): ``ankles_out``, ``heels_in``, ``too_fast``,
``partial``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

# Spacing and surface in the programme's words, so a prescription reads the same here.
from kiosk.programme import SPACINGS, SURFACES

POSITIONS = ("floor", "step", "sitting")
VARIANTS = ("both", "left", "right", "ecc_left", "ecc_right")
FAULTS = ("ankles_out", "heels_in", "too_fast", "partial")
# Near misses: look like a fault but stay clear of its definition (not to be flagged):
# a brief (< 0.1 s) roll out at the top, a mild sustained one, a brief collapse inwards
# while lowering, a rep at about 85 % of the usual height.
NEAR_MISSES = ("ankles_out", "ankles_out_mild", "heels_in", "partial")


@dataclass(frozen=True)
class StepOn:
    """Step onto the empty step (left foot first), about ``seconds`` long.

    :param swing_mm: when set, the right foot swings through the ToF beam this
        high (mm above the zero level) on its way down, while the strips load: a
        real step-on, during which no height may make a rep.
    """

    seconds: float = 1.5
    swing_mm: float | None = None


@dataclass(frozen=True)
class StepOff:
    """Step off (push-off lifts the heel, then the feet leave)."""

    seconds: float = 1.5


@dataclass(frozen=True)
class StepOffMidRep:
    """Start a rep, then lose balance near its top and step off (the rep never ends).

    :param peak_mm: how high the heel gets before the feet leave.
    """

    peak_mm: float = 50.0
    seconds: float = 2.0


@dataclass(frozen=True)
class Stand:
    """Stand still on both feet at the zero level (how a set starts: zeroing)."""

    seconds: float = 3.0


@dataclass(frozen=True)
class Pause:
    """A long still pause on the step, with a slow weight shift now and then."""

    seconds: float = 20.0


@dataclass(frozen=True)
class Empty:
    """Nobody on the step for ``seconds``."""

    seconds: float = 5.0


@dataclass(frozen=True)
class Wobble:
    """Small heel lifts that are not reps (each below 10 mm) and a weight shift."""

    count: int = 1
    amplitude_mm: float = 6.0
    seconds: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 < self.amplitude_mm < 10.0:
            raise ValueError("a wobble stays below 10 mm (larger rises are reps)")


@dataclass(frozen=True)
class Reps:
    """A set of heel raises.

    :param n: number of reps.
    :param tempo: (up, hold, down) seconds as prescribed by the tempo lights.
    :param rest_s: pause at the bottom between reps.
    :param position: ``floor``, ``step`` or ``sitting``.
    :param variant: ``both``, ``left``, ``right``, ``ecc_left`` or ``ecc_right``.
    :param faults: rep index (0-based) -> faults made on that rep.
    :param fatigue: 0..1: how much the peak falls and the tempo slips by the last rep.
    :param peak_mm: the person's usual peak for this set (None: from position/variant).
    :param bottom_mm: on a step, how far the heels drop below level (negative).
    :param spacing: ``hip`` (hip-width), ``narrow`` or ``wide`` feet spacing.
    :param surface: ``firm`` or ``unstable`` (a balance pad: more sway).
    :param added_kg: extra weight carried (dumbbells, vest).
    :param near_misses: rep index -> near misses (``NEAR_MISSES``) on that rep.
    :param rail_share: share of the body weight taken off the strips by holding a
        rail (0.2..0.5 for real patients; 0 = hands free).
    :param ballistic: no hold at the top and a fast drop (``tempo``'s down time is
        ignored) that overshoots below the bottom and bounces back (on a step).
    :param tremor_mm: peak-to-peak tremor of the heel while held at the top (1..3 mm).
    :param double_rise: rep indices whose lowering pauses half way and rises again
        a little (stays well above 5 mm: still one rep).
    """

    n: int = 10
    tempo: tuple[float, float, float] = (2.0, 1.0, 2.0)
    rest_s: float = 1.0
    position: str = "floor"
    variant: str = "both"
    faults: Mapping[int, Iterable[str]] = field(default_factory=dict)
    fatigue: float = 0.0
    peak_mm: float | None = None
    bottom_mm: float = -35.0
    spacing: str = "hip"
    surface: str = "firm"
    added_kg: float = 0.0
    near_misses: Mapping[int, Iterable[str]] = field(default_factory=dict)
    rail_share: float = 0.0
    ballistic: bool = False
    tremor_mm: float = 0.0
    double_rise: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError("a set has at least one rep")
        if self.position not in POSITIONS:
            raise ValueError(f"position must be one of {', '.join(POSITIONS)}")
        if self.variant not in VARIANTS:
            raise ValueError(f"variant must be one of {', '.join(VARIANTS)}")
        if self.spacing not in SPACINGS or self.surface not in SURFACES:
            raise ValueError("bad spacing or surface")
        if not 0.0 <= self.fatigue <= 1.0:
            raise ValueError("fatigue is 0..1")
        if not 0.0 <= self.rail_share <= 0.6 or not 0.0 <= self.tremor_mm <= 5.0:
            raise ValueError("rail_share is 0..0.6 and tremor_mm 0..5")
        if not -40.0 <= self.bottom_mm <= 0.0:
            raise ValueError("bottom_mm is -40..0")
        if any(x <= 0 for x in (self.tempo[0], self.tempo[2])) or self.tempo[1] < 0:
            raise ValueError("tempo phases must be positive")
        for faults in self.faults.values():
            for fault in faults:
                if fault not in FAULTS:
                    raise ValueError(f"unknown fault {fault!r}")
        for index, misses in self.near_misses.items():
            if any(m not in NEAR_MISSES for m in misses):
                raise ValueError(f"near misses are among {', '.join(NEAR_MISSES)}")
            if self.faults.get(index):
                raise ValueError("a rep has either faults or near misses, not both")

    def near_misses_of(self, index: int) -> tuple[str, ...]:
        return tuple(self.near_misses.get(index, ()))

    def faults_of(self, index: int) -> tuple[str, ...]:
        return tuple(self.faults.get(index, ()))


Action = StepOn | StepOff | StepOffMidRep | Stand | Pause | Empty | Wobble | Reps


class Script:
    """An ordered list of actions (see the module docstring)."""

    def __init__(self, actions: Iterable[Action] = ()) -> None:
        self.actions: list[Action] = list(actions)

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def __len__(self) -> int:
        return len(self.actions)

    def then(self, action: Action) -> Script:
        """Append ``action``; returns self so calls chain."""
        self.actions.append(action)
        return self

    def starts_empty(self) -> bool:
        return bool(self.actions) and isinstance(self.actions[0], Empty | StepOn)


def demo_script(sets: int = 3, reps: int = 12, tempo: tuple[float, float, float] = (2, 1, 3),
                rest_s: float = 30.0) -> Script:
    """A whole session for ``smartstep run --demo``: step on, sets with rests, step off."""
    script = Script([Empty(2.0), StepOn(), Stand(3.0)])
    for i in range(sets):
        faults = {3: ("ankles_out",), 7: ("partial",)} if i == 1 else {}
        script.then(Reps(reps, tempo=tempo, position="step", fatigue=0.3 + 0.2 * i,
                         faults=faults))
        if i < sets - 1:
            script.then(Pause(rest_s)).then(Stand(2.5))
    return script.then(StepOff()).then(Empty(5.0))
