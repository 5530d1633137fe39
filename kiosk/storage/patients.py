"""The staff patient list: search, one patient, clinic IDs, a patient's sessions.

Plain rows in, plain dicts out; ``kiosk.staff.patient_service`` makes records of them.
The writes are ``Store.add_patient`` / ``Store.update_patient`` (each audited in its
transaction). Each read is one indexed query (see ``bench/bench_staff.py``).
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kiosk.storage.folding import compact_id, fold, register_sql_functions
from kiosk.storage.ids import iso_utc
from kiosk.storage.store import Store

__all__ = ["PatientTables", "injured_side"]

_PATIENT_COLUMNS = ("id, name, clinic_id, birth_year, sex, body_mass_kg, injured_side,"
                    " diagnosis, clinician, notes, archived, last_session_at")


def injured_side(store: Store, patient_id: str) -> str | None:
    """The patient's injured side ("none", "left", "right", "both"); None: no such patient."""
    rows = store.query("SELECT injured_side FROM patients WHERE id = ?", [patient_id])
    if not rows:
        return None
    side: str = rows[0]["injured_side"]  # NOT NULL
    return side


class PatientTables:
    """The patient list's reads and writes on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.transaction() as db:
            register_sql_functions(db.conn)

    def transaction(self) -> contextlib.AbstractContextManager[Database]:
        return self.store.transaction()

    def patients(
        self, query: str, which: str, limit: int, offset: int, week_from: datetime,
    ) -> list[dict[str, Any]]:
        """The staff patient list: ``which`` is "active", "archived" or "week" (active,
        seen since ``week_from``); ``query`` matches a name (accents and case ignored)
        or a clinic ID (case, spaces and punctuation ignored) anywhere.

        Alphabetical (accents ignored); "week" is most recently seen first.
        """
        where: list[str] = []
        params: list[object] = []
        if which == "archived":
            where.append("archived = 1")
        else:
            where.append("archived = 0")
        if which == "week":
            where.append("last_session_at >= ?")
            params.append(iso_utc(week_from))
        q = query.strip()
        if q:
            where.append("(instr(smartstep_fold(name), ?) > 0"
                         " OR (? != '' AND instr(smartstep_compact_id(clinic_id), ?) > 0))")
            params += [fold(q), compact_id(q), compact_id(q)]
        # Sorted as folded text, so "Łucja" stands among the L's, not after Z.
        order = ("last_session_at DESC, smartstep_fold(name)" if which == "week"
                 else "smartstep_fold(name), id")
        return self.store.query(
            f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE {' AND '.join(where)}"
            f" ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset],
        )

    def patient(self, patient_id: str) -> dict[str, Any] | None:
        rows = self.store.query(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id = ?",
                                [patient_id])
        return rows[0] if rows else None

    def clinic_id_taken(self, clinic_id: str, by_other_than: str = "") -> bool:
        """True when another patient holds this clinic ID (spaces, dashes and case ignored)."""
        key = compact_id(clinic_id)
        if not key:
            return False
        return bool(self.store.query(
            "SELECT 1 FROM patients WHERE smartstep_compact_id(clinic_id) = ? AND id != ?"
            " LIMIT 1", [key, by_other_than],
        ))

    def patient_sessions(self, patient_id: str, limit: int, offset: int
                         ) -> list[dict[str, Any]]:
        """One patient's sessions, newest first, from the per-session summary columns."""
        rows = self.store.query(
            """SELECT id, started_at, ended_at, status, mode,
                      json_extract(programme, '$.variant') AS variant,
                      json_extract(programme, '$.position') AS position,
                      rep_count, peak_mean_mm, peak_max_mm, lsi_mean, fault_reps, fault_counts,
                      json_extract(calibration, '$.calibrated_at') AS calibrated_at
               FROM sessions WHERE patient_id = ?
               ORDER BY started_at DESC LIMIT ? OFFSET ?""",
            [patient_id, limit, offset],
        )
        for row in rows:
            row["fault_counts"] = json.loads(row["fault_counts"]) if row["fault_counts"] else {}
        return rows

    def add_patient(self, fields: dict[str, Any], actor: str) -> str:
        """A new patient from the staff form's columns; returns the id (audited)."""
        return self.store.add_patient(
            fields["name"], fields["clinic_id"], fields["birth_year"], fields["notes"],
            actor=actor, sex=fields["sex"], body_mass_kg=fields["body_mass_kg"],
            injured_side=fields["injured_side"], diagnosis=fields["diagnosis"],
            clinician=fields["clinician"],
        )

    def update_patient(self, patient_id: str, actor: str, action: str = "update_patient",
                       **fields: Any) -> None:
        """Change some columns; ``action`` is the audit log's code for it."""
        self.store.update_patient(patient_id, actor=actor, action=action, **fields)
