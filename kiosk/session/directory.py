"""Who exercises on the kiosk and what: a patient's entry (name, clinic ID, last visit,
body mass) once identified, the active patients, and each one's current prescription,
from the ``Store``.
No Kivy; call from a background thread."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.programme import Programme
from kiosk.storage.ids import parse_utc
from kiosk.storage.prescriptions import current_programme
from kiosk.storage.queries import patients_with_last_session
from kiosk.storage.store import Store

__all__ = ["PatientEntry", "StoreDirectory"]


@dataclass(frozen=True, slots=True)
class PatientEntry:
    """A patient as the patient screens know them: only what the session needs."""

    id: str
    name: str
    clinic_id: str = ""
    last_session: str = ""  # e.g. "last visit 12 Nov"
    body_mass_kg: float | None = None  # for the heel-rise test's work (None: unknown)


def _last_visit(started_at: str | None) -> str:
    if not started_at:
        return ""
    try:
        when = parse_utc(started_at)
    except ValueError:
        return ""
    return f"last visit {when.day} {when:%b}"


class StoreDirectory:
    """The screens' ``PatientDirectory`` (``kiosk.ui.services``) over the kiosk's ``Store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def patients(self) -> list[PatientEntry]:
        """Active patients, alphabetically (people look for their own name)."""
        rows = patients_with_last_session(self.store)
        entries = [
            PatientEntry(
                id=r["id"], name=r["name"], clinic_id=r["clinic_id"] or "",
                last_session=_last_visit(r["last_started_at"]),
                body_mass_kg=r["body_mass_kg"],
            )
            for r in rows
        ]
        return sorted(entries, key=lambda e: e.name.casefold())

    def patient(self, patient_id: str) -> PatientEntry | None:
        """One active patient (after they identified themself, or staff picked them)."""
        rows = self.store.query(
            "SELECT id, name, clinic_id, body_mass_kg, last_session_at FROM patients"
            " WHERE id = ? AND archived = 0", [patient_id])
        if not rows:
            return None
        r = rows[0]
        return PatientEntry(id=r["id"], name=r["name"], clinic_id=r["clinic_id"] or "",
                            last_session=_last_visit(r["last_session_at"]),
                            body_mass_kg=r["body_mass_kg"])

    def programme_for(self, patient_id: str) -> Programme | None:
        """The patient's current prescription (a relative target already in mm)."""
        return current_programme(self.store, patient_id)
