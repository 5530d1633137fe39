"""The read-only queries behind the staff screens.

Each reads the per-session summary columns kept by ``Store.add_rep`` and the
indexes of migration ``0004_staff_indexes``, so each stays within 50 ms on five
years of a busy clinic (see ``bench/bench_storage.py``). Rows are plain dicts;
JSON columns come back decoded. Times are UTC ISO text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from kiosk.storage.ids import week_start
from kiosk.storage.store import Store

__all__ = ["patient_history", "patients_with_last_session", "session_reps", "weekly_trends"]


class QueryStore(Protocol):
    """A store that answers read-only SQL (``Store.query``; the session service's port,
    ``kiosk.session.ports.SessionStore``, has it too)."""

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
              ) -> list[dict[str, Any]]: ...


def patients_with_last_session(
    store: Store, include_archived: bool = False, limit: int | None = None, offset: int = 0,
) -> list[dict[str, Any]]:
    """Patients with their most recent session, most recently seen first (never seen last).

    ``limit`` / ``offset`` page the list (a screen shows a page of 50: ~10 ms on
    five busy years; all 1,845 patients of that database take ~35 ms).

    Keys: id, name, clinic_id, birth_year, archived, sessions (count) and
    last_session_id, last_started_at, last_status, last_rep_count,
    last_peak_mean_mm, last_lsi_mean (None when the patient has no session).
    """
    return store.query(
        """
        SELECT p.id, p.name, p.clinic_id, p.birth_year, p.archived, p.body_mass_kg,
               p.session_count AS sessions,
               s.id AS last_session_id, s.started_at AS last_started_at,
               s.status AS last_status, s.rep_count AS last_rep_count,
               s.peak_mean_mm AS last_peak_mean_mm, s.lsi_mean AS last_lsi_mean
        FROM patients p LEFT JOIN sessions s ON s.id = p.last_session_id
        WHERE p.archived = 0 OR ?
        ORDER BY p.last_session_at IS NULL, p.last_session_at DESC, p.name
        LIMIT ? OFFSET ?
        """,
        [int(include_archived), -1 if limit is None else limit, offset],
    )


def patient_history(
    store: QueryStore, patient_id: str, limit: int | None = None,
) -> list[dict[str, Any]]:
    """One patient's sessions, newest first, each with its reps, peak, symmetry and faults.

    Keys: id, started_at, ended_at, status, mode, variant, rep_count,
    peak_mean_mm, peak_max_mm, lsi_mean, fault_reps, fault_counts (dict code -> reps).
    """
    rows = store.query(
        """
        SELECT id, started_at, ended_at, status, mode,
               json_extract(programme, '$.variant') AS variant,
               rep_count, peak_mean_mm, peak_max_mm, lsi_mean, fault_reps, fault_counts
        FROM sessions WHERE patient_id = ?
        ORDER BY started_at DESC LIMIT ?
        """,
        [patient_id, -1 if limit is None else limit],
    )
    for row in rows:
        row["fault_counts"] = json.loads(row["fault_counts"]) if row["fault_counts"] else {}
    return rows


def session_reps(store: Store, session_id: str) -> list[dict[str, Any]]:
    """One session's reps in order (set, then rep), ``faults`` as a list."""
    rows = store.query(
        "SELECT * FROM reps WHERE session_id = ? ORDER BY set_number, number", [session_id]
    )
    for row in rows:
        row["faults"] = json.loads(row["faults"])
        row["extras"] = json.loads(row["extras"]) if row["extras"] else {}
    return rows


def weekly_trends(
    store: Store, patient_id: str | None = None, since: str | None = None,
) -> list[dict[str, Any]]:
    """Per ISO week (UTC dates), oldest first: sessions, reps, mean peak, mean LSI.

    :param patient_id: one patient, or None for the whole kiosk.
    :param since: an ISO date: weeks from the one holding it on.

    Keys: week ("2026-W05"), week_start (ISO date of its Monday), sessions,
    reps, mean_peak_mm (over reps), mean_lsi (over sessions with an LSI).
    """
    if patient_id is None:
        # The whole kiosk: the trigger-kept totals (migration 0005), one row a week.
        rows = store.query(
            "SELECT week_start, sessions, reps, peak_sum, lsi_sum, lsi_n FROM weekly_totals"
            " WHERE sessions > 0 AND week_start >= ? ORDER BY week_start",
            [week_start(since) if since else ""],
        )
        return [_week(w) for w in rows]
    where, params = [], []
    if patient_id is not None:
        where.append("patient_id = ?")
        params.append(patient_id)
    if since is not None:
        where.append("week_start >= ?")
        params.append(week_start(since))
    rows = store.query(
        f"""
        SELECT week_start, count(*) AS sessions, sum(rep_count) AS reps,
               sum(peak_mean_mm * rep_count) AS peak_sum,
               sum(lsi_mean) AS lsi_sum, count(lsi_mean) AS lsi_n
        FROM sessions {"WHERE " + " AND ".join(where) if where else ""}
        GROUP BY week_start ORDER BY week_start
        """,
        params,
    )
    return [_week(w) for w in rows]


def _week(w: dict[str, Any]) -> dict[str, Any]:
    year, week, _ = date.fromisoformat(w["week_start"]).isocalendar()
    reps = w["reps"] or 0
    return {
        "week": f"{year}-W{week:02d}",
        "week_start": w["week_start"],
        "sessions": w["sessions"],
        "reps": reps,
        "mean_peak_mm": w["peak_sum"] / reps if reps and w["peak_sum"] is not None else None,
        "mean_lsi": w["lsi_sum"] / w["lsi_n"] if w["lsi_n"] else None,
    }
