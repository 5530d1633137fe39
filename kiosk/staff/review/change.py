"""Change between heel-rise tests against what the test can detect.

The minimal detectable change (95 %) of a measure is 1.96 x sqrt(2) x its standard
error of measurement (SEM): a change smaller than that is within the test's own
test-retest error. The SEMs are config keys (``[heel_rise] sem_*``, sources in
docs/analysis.md); with Byrne 2017's they give about 2.2 cm, 1,160 J and 19 reps.

Per leg (side of the test), the latest test shown in the trends is compared with the
newest earlier one that is comparable (same pace and cueing, both run to an end the
protocol knows). Pure: no storage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.analysis.protocol import ProtocolRecord, not_comparable_because
from kiosk.config import HeelRiseConfig

Z95_SQRT2 = 1.96 * math.sqrt(2.0)
MEASURES = ("reps", "work_j", "peak_mm")


@dataclass(frozen=True, slots=True)
class Detectable:
    """Minimal detectable changes, from the SEMs."""

    reps: float
    work_j: float
    peak_mm: float

    @classmethod
    def from_sems(cls, *, reps: float = 6.7, work_j: float = 419.0,
                  height_mm: float = 8.0) -> Detectable:
        """Defaults: Byrne 2017's SEMs (6.7 reps, 419 J, 0.8 cm)."""
        return cls(reps=Z95_SQRT2 * reps, work_j=Z95_SQRT2 * work_j,
                   peak_mm=Z95_SQRT2 * height_mm)

    @classmethod
    def from_config(cls, config: HeelRiseConfig) -> Detectable:
        return cls.from_sems(reps=config.sem_reps, work_j=config.sem_work_j,
                             height_mm=config.sem_height_mm)

    def of(self, measure: str) -> float:
        return float(getattr(self, measure))


class TestLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def day(self) -> str: ...
    @property
    def side(self) -> str: ...
    @property
    def reps(self) -> int: ...
    @property
    def work_j(self) -> float | None: ...
    @property
    def peak_mm(self) -> float | None: ...
    @property
    def protocol(self) -> ProtocolRecord | None: ...
    @property
    def in_trend(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class MeasureChange:
    measure: str  # one of MEASURES
    before: float
    after: float
    mdc: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def beyond_detectable(self) -> bool:
        """Only a change larger than the MDC is one the test can tell from its error."""
        return abs(self.delta) > self.mdc


@dataclass(frozen=True, slots=True)
class LegChange:
    side: str  # left / right / both
    latest_day: str
    earlier_day: str | None  # None: no comparable earlier test
    changes: tuple[MeasureChange, ...] = ()
    # Why no comparison: "first_test" or a protocol.not_comparable_because code.
    why_not: str | None = None


def leg_changes(tests: Sequence[TestLike], detectable: Detectable) -> list[LegChange]:
    """Per side, the latest trend test against its newest comparable predecessor.

    :param tests: oldest first (as ``Progress.tests``).
    """
    by_side: dict[str, list[TestLike]] = {}
    for t in tests:
        if t.in_trend:
            by_side.setdefault(t.side, []).append(t)
    out = []
    for side in ("left", "right", "both"):
        shown = by_side.get(side)
        if not shown:
            continue
        latest, earlier = shown[-1], shown[:-1]
        if not earlier:
            out.append(LegChange(side, latest.day, None, why_not="first_test"))
            continue
        match = next((e for e in reversed(earlier)
                      if not_comparable_because(e.protocol, latest.protocol) is None), None)
        if match is None:
            why = not_comparable_because(earlier[-1].protocol, latest.protocol)
            out.append(LegChange(side, latest.day, None, why_not=why))
            continue
        changes = []
        for measure in MEASURES:
            before, after = getattr(match, measure), getattr(latest, measure)
            if before is not None and after is not None:
                changes.append(MeasureChange(measure, float(before), float(after),
                                             detectable.of(measure)))
        out.append(LegChange(side, latest.day, match.day, tuple(changes)))
    return out
