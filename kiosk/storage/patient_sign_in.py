"""How patients identify at the kiosk (table ``patient_sign_in``): a card's token hash,
a code's salted hash, and the wrong-code count and lock.

Plain rows in, plain dicts out; ``kiosk.session.identify`` decides. Every attempt that
fails, every lock and every change staff make is audited in the same transaction. The
audit names the patient by id only: the log is read on a shared screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from kiosk.storage.folding import compact_id, register_sql_functions
from kiosk.storage.ids import iso_utc, utc_now
from kiosk.storage.store import Store

__all__ = ["KIOSK_ACTOR", "SignInTables"]

KIOSK_ACTOR = "kiosk"  # the audit's actor for what a patient does at the kiosk

_COLUMNS = ("p.id AS patient_id, p.name, p.clinic_id, p.body_mass_kg, p.last_session_at,"
            " s.card_hash, s.code_hash, coalesce(s.failures, 0) AS failures, s.locked_until")


class SignInTables:
    """The patients' sign-in rows on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.transaction() as db:
            register_sql_functions(db.conn)

    def by_clinic_id(self, clinic_id: str) -> list[dict[str, Any]]:
        """Active patients whose clinic ID equals ``clinic_id`` (case, spaces and dashes
        ignored). Several only when merged kiosks hold duplicates."""
        key = compact_id(clinic_id)
        if not key:
            return []
        return self.store.query(
            f"SELECT {_COLUMNS} FROM patients p LEFT JOIN patient_sign_in s"
            " ON s.patient_id = p.id WHERE p.archived = 0"
            " AND smartstep_compact_id(p.clinic_id) = ?", [key])

    def by_card(self, card_hash: str) -> dict[str, Any] | None:
        rows = self.store.query(
            f"SELECT {_COLUMNS} FROM patient_sign_in s JOIN patients p ON s.patient_id = p.id"
            " WHERE s.card_hash = ? AND p.archived = 0", [card_hash])
        return rows[0] if rows else None

    def of_patient(self, patient_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            f"SELECT {_COLUMNS} FROM patients p LEFT JOIN patient_sign_in s"
            " ON s.patient_id = p.id WHERE p.id = ?", [patient_id])
        return rows[0] if rows else None

    def card_owner(self, card_hash: str) -> str | None:
        rows = self.store.query(
            "SELECT patient_id FROM patient_sign_in WHERE card_hash = ?", [card_hash])
        return str(rows[0]["patient_id"]) if rows else None

    def _upsert(self, patient_id: str, values: dict[str, Any]) -> None:
        with self.store.transaction() as db:
            db.table("patient_sign_in").upsert(
                {"patient_id": patient_id, **values, "updated_at": utc_now()}, pk="patient_id")

    def set_code(self, patient_id: str, code_hash: str | None, actor: str) -> None:
        """A new code (None: none); lifts any lock. Audited."""
        with self.store.transaction():
            self._upsert(patient_id, {"code_hash": code_hash, "failures": 0,
                                      "locked_until": None})
            self.store.audit(actor, "set_sign_in_code" if code_hash else "clear_sign_in_code",
                             "patients", patient_id)

    def set_card(self, patient_id: str, card_hash: str | None, actor: str) -> None:
        """A card for the patient (None: none). The caller checked it is nobody else's."""
        with self.store.transaction():
            self._upsert(patient_id, {"card_hash": card_hash})
            self.store.audit(actor, "set_sign_in_card" if card_hash else "clear_sign_in_card",
                             "patients", patient_id)

    def record_failure(
        self, patient_id: str, now: datetime, lock_for: Callable[[int], timedelta | None],
    ) -> tuple[int, datetime | None]:
        """Count a wrong code; lock when ``lock_for(failures)`` says so. Returns (failures
        in a row, locked until or None). Audited: the failure and the lock."""
        with self.store.transaction() as db:
            self._upsert(patient_id, {})
            failures = int(db.execute(
                "UPDATE patient_sign_in SET failures = failures + 1 WHERE patient_id = ?"
                " RETURNING failures", [patient_id]).fetchone()[0])
            self.store.audit(KIOSK_ACTOR, "patient_code_failed", "patients", patient_id,
                             {"failures": failures})
            duration = lock_for(failures)
            until = None
            if duration is not None:
                until = now + duration
                db.table("patient_sign_in").update(patient_id, {"locked_until": iso_utc(until)})
                self.store.audit(KIOSK_ACTOR, "patient_code_locked", "patients", patient_id,
                                 {"failures": failures, "until": iso_utc(until),
                                  "seconds": int(duration.total_seconds())})
        return failures, until

    def record_success(self, patient_id: str, how: str) -> None:
        with self.store.transaction():
            if self.store.query("SELECT 1 FROM patient_sign_in WHERE patient_id = ?",
                                [patient_id]):
                self._upsert(patient_id, {"failures": 0, "locked_until": None})
            self.store.audit(KIOSK_ACTOR, "patient_sign_in", "patients", patient_id,
                             {"by": how})

    def record_event(self, action: str, patient_id: str | None,
                     detail: dict[str, Any] | None = None) -> None:
        """Audit an attempt that changes nothing (unknown card or ID, tried while locked)."""
        self.store.audit(KIOSK_ACTOR, action, "patients" if patient_id else None, patient_id,
                         detail)
