"""Progression suggestions (table ``progression_suggestions``, one per prescription
version) and what the rule reads to make one: the current prescription, the latest
finished exercise sessions and their good reps.

Plain rows in, plain dicts out; ``kiosk.staff.progression_service`` makes records of them.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from sqlite_utils import Database

from kiosk.programme import Programme
from kiosk.storage import patients, prescriptions
from kiosk.storage.ids import new_id, utc_now
from kiosk.storage.store import Store

__all__ = ["SuggestionTables"]


class SuggestionTables:
    """Progression suggestions on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def transaction(self) -> contextlib.AbstractContextManager[Database]:
        return self.store.transaction()

    # -- what the rule reads ------------------------------------------------------

    def injured_side(self, patient_id: str) -> str | None:
        return patients.injured_side(self.store, patient_id)

    def current_prescription(self, patient_id: str) -> dict[str, Any] | None:
        return prescriptions.current_prescription(self.store, patient_id)

    def current_programme(self, patient_id: str) -> Programme | None:
        return prescriptions.current_programme(self.store, patient_id)

    def sessions_since(self, patient_id: str, since: str, limit: int) -> list[dict[str, Any]]:
        """The patient's latest finished exercise sessions started at or after ``since``,
        newest first (a heel-rise test is a measurement, not training)."""
        return self.store.query(
            "SELECT id, started_at, status, mode, programme, rep_count FROM sessions"
            " WHERE patient_id = ? AND started_at >= ? AND status != 'open'"
            " AND mode = 'exercise'"
            " ORDER BY started_at DESC LIMIT ?", [patient_id, since, limit],
        )

    def good_reps(self, session_id: str, target_mm: float | None) -> tuple[int, int]:
        """(reps, good reps) of a session: good = no fault, and at or above the target."""
        row = self.store.query(
            "SELECT count(*) AS reps, coalesce(sum(faults = '[]' AND (? IS NULL OR peak_mm >= ?)),"
            " 0) AS good FROM reps WHERE session_id = ?", [target_mm, target_mm, session_id],
        )[0]
        return int(row["reps"]), int(row["good"])

    # -- suggestions ----------------------------------------------------------------

    def suggestion_for(self, programme_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT * FROM progression_suggestions WHERE programme_id = ?", [programme_id]
        )
        return rows[0] if rows else None

    def suggestion(self, suggestion_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT * FROM progression_suggestions WHERE id = ?", [suggestion_id]
        )
        return rows[0] if rows else None

    def open_suggestions(self, patient_id: str) -> list[dict[str, Any]]:
        return self.store.query(
            "SELECT * FROM progression_suggestions WHERE patient_id = ? AND status = 'open'"
            " ORDER BY created_at DESC", [patient_id],
        )

    def add_suggestion(self, patient_id: str, programme_id: str, rule: str, ladder: str,
                       proposed: Programme) -> str:
        """Store a suggestion for this prescription version (a second one is ignored).

        SQL, not sqlite-utils: its ``ignore=True`` is ``INSERT OR IGNORE``, which would also
        swallow a NOT NULL or CHECK failure; only the one-per-version conflict is expected.
        """
        now = utc_now()
        suggestion_id = new_id()
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO progression_suggestions (id, patient_id, programme_id, rule, ladder,"
                " proposed, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)"
                " ON CONFLICT (programme_id) DO NOTHING",
                [suggestion_id, patient_id, programme_id, rule, ladder,
                 json.dumps(proposed.to_dict(), sort_keys=True), now, now],
            )
        return suggestion_id

    def decide_suggestion(self, suggestion_id: str, status: str, actor: str) -> bool:
        """Mark an open suggestion accepted or dismissed; False when it was not open."""
        now = utc_now()
        with self.store.transaction() as db:
            changed = db.execute(
                "UPDATE progression_suggestions SET status = ?, decided_at = ?, decided_by = ?,"
                " updated_at = ? WHERE id = ? AND status = 'open'",
                [status, now, actor, now, suggestion_id],
            ).rowcount
            if changed and status == "dismissed":
                self.store.audit(actor, "dismiss_suggestion", "progression_suggestions",
                                 suggestion_id)
        return bool(changed)
