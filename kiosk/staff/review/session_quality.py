"""A session's measurement quality for the review: its verdict, why, and whether the
trends show it (a ``poor`` session stays out unless staff include it; sessions stored
before there was a verdict count as before)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.analysis.quality_record import QualityRecord

# The same rule in SQL, over ``sessions s``, for the trend queries. ``IS`` keeps it true
# or false (never NULL) for unjudged sessions, so ``NOT`` counts the ones left out.
IN_TREND_SQL = ("(s.staff_included IS 1 OR (s.staff_included IS NULL"
                " AND s.quality IS NOT 'poor'))")


@dataclass(frozen=True, slots=True)
class SessionQuality:
    verdict: str | None = None  # good / fair / poor; None: not judged (older sessions)
    record: QualityRecord | None = None
    staff_included: bool | None = None  # staff's choice over the verdict (None: none)

    @property
    def in_trend(self) -> bool:
        """Shown in the trends: staff's choice, else every session but a poor one."""
        if self.staff_included is not None:
            return self.staff_included
        return self.verdict != "poor"

    @classmethod
    def of_row(cls, row: dict[str, object]) -> SessionQuality:
        """From a row with the columns quality, quality_record, staff_included."""
        verdict, record, included = (row.get("quality"), row.get("quality_record"),
                                     row.get("staff_included"))
        return cls(verdict=None if verdict is None else str(verdict),
                   record=QualityRecord.from_json(record if isinstance(record, str) else None),
                   staff_included=None if included is None else bool(included))
