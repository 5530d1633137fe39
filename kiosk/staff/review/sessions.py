"""The session list: filter by patient, date range and status; newest first; keyset paging.

Paging is by keyset, not OFFSET: a page starts after the last (started_at, id)
of the page before, so page 1,000 costs what page 1 does on 75,000 sessions
(indexes ``sessions_started``, ``sessions_status_started`` and
``sessions_patient_started``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.staff.review.session_quality import SessionQuality
from kiosk.storage.migrations import FINAL_STATUSES, OPEN
from kiosk.storage.store import Store

STATUSES = (*FINAL_STATUSES, OPEN)
PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class SessionFilter:
    """Which sessions to list. Dates are UTC calendar days, both ends included."""

    patient_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None  # one of STATUSES, or None for all

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page starts: after this (started_at, id)."""

    started_at: str
    session_id: str


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: str
    started_at: str  # UTC ISO text
    patient_id: str | None  # None: a guest
    patient_name: str
    clinic_id: str
    mode: str  # "exercise" or "heel_rise_test"
    position: str
    variant: str
    status: str
    rep_count: int
    peak_mean_mm: float | None
    peak_max_mm: float | None
    lsi_mean: float | None
    fault_reps: int
    fault_counts: dict[str, int] = field(default_factory=dict)
    quality: SessionQuality = field(default_factory=SessionQuality)

    @property
    def fault_rate(self) -> float | None:
        return self.fault_reps / self.rep_count if self.rep_count else None


@dataclass(frozen=True, slots=True)
class SessionPage:
    rows: Sequence[SessionRow]
    next_cursor: Cursor | None  # None: this is the last page


def session_page(
    store: Store, flt: SessionFilter = SessionFilter(), after: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> SessionPage:
    """One page of sessions, newest first.

    :param after: the ``next_cursor`` of the page before (None: the first page).
    :param limit: rows per page (1..500).
    """
    if not 1 <= limit <= 500:
        raise ValueError("limit must be 1..500")
    where: list[str] = []
    params: list[object] = []
    if flt.patient_id is not None:
        where.append("s.patient_id = ?")
        params.append(flt.patient_id)
    if flt.status is not None:
        where.append("s.status = ?")
        params.append(flt.status)
    if flt.date_from is not None:
        where.append("s.started_at >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        where.append("s.started_at < ?")  # the whole last day
        params.append((flt.date_to + timedelta(days=1)).isoformat())
    if after is not None:
        where.append("(s.started_at, s.id) < (?, ?)")
        params += [after.started_at, after.session_id]
    rows = store.query(
        f"""
        SELECT s.id, s.started_at, s.patient_id, p.name AS patient_name, p.clinic_id,
               s.mode, json_extract(s.programme, '$.position') AS position,
               json_extract(s.programme, '$.variant') AS variant, s.status, s.rep_count,
               s.peak_mean_mm, s.peak_max_mm, s.lsi_mean, s.fault_reps, s.fault_counts,
               s.quality, s.quality_record, s.staff_included
        FROM sessions s LEFT JOIN patients p ON p.id = s.patient_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY s.started_at DESC, s.id DESC
        LIMIT ?
        """,
        [*params, limit + 1],  # one more tells whether a next page exists
    )
    more = len(rows) > limit
    rows = rows[:limit]
    out = [_row(r) for r in rows]
    cursor = Cursor(out[-1].started_at, out[-1].id) if more and out else None
    return SessionPage(out, cursor)


def _row(r: dict[str, object]) -> SessionRow:
    counts = r["fault_counts"]
    return SessionRow(
        id=str(r["id"]),
        started_at=str(r["started_at"]),
        patient_id=r["patient_id"] if r["patient_id"] is None else str(r["patient_id"]),
        patient_name=str(r["patient_name"] or ""),
        clinic_id=str(r["clinic_id"] or ""),
        mode=str(r["mode"]),
        position=str(r["position"] or ""),
        variant=str(r["variant"] or ""),
        status=str(r["status"]),
        rep_count=int(r["rep_count"] or 0),  # type: ignore[call-overload]
        peak_mean_mm=_float(r["peak_mean_mm"]),
        peak_max_mm=_float(r["peak_max_mm"]),
        lsi_mean=_float(r["lsi_mean"]),
        fault_reps=int(r["fault_reps"] or 0),  # type: ignore[call-overload]
        fault_counts=json.loads(counts) if isinstance(counts, str) and counts else {},
        quality=SessionQuality.of_row(r),
    )


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
