"""The sign-in list from the ``Store``: names, clinic IDs, prescriptions. No Kivy."""

from __future__ import annotations

from datetime import datetime

from kiosk.programme import Programme
from kiosk.storage.queries import patients_with_last_session
from kiosk.storage.staff import current_programme
from kiosk.storage.store import Store
from kiosk.ui.services import PatientEntry


def _last_visit(started_at: str | None) -> str:
    if not started_at:
        return ""
    try:
        when = datetime.fromisoformat(started_at.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return f"last visit {when.day} {when:%b}"


class StoreDirectory:
    """``PatientDirectory`` over the kiosk's ``Store`` (call from a background thread)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def patients(self) -> list[PatientEntry]:
        """Active patients, alphabetically (people look for their own name)."""
        rows = patients_with_last_session(self.store)
        entries = [
            PatientEntry(
                id=r["id"], name=r["name"], clinic_id=r["clinic_id"] or "",
                last_session=_last_visit(r["last_started_at"]),
            )
            for r in rows
        ]
        return sorted(entries, key=lambda e: e.name.casefold())

    def programme_for(self, patient_id: str) -> Programme | None:
        """The patient's current prescription (a relative target already in mm)."""
        return current_programme(self.store, patient_id)
