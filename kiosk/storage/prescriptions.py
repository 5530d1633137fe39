"""Prescription versions (table ``programmes``): the newest active one is the patient's
current programme. The write is ``Store.prescribe`` (the old version stays, inactive).

Plain rows in, plain dicts out; ``kiosk.staff.prescription_service`` makes records of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from kiosk.programme import Programme
from kiosk.storage import patients
from kiosk.storage.store import Store, programme_from_row

__all__ = ["PrescriptionTables", "current_prescription", "current_programme",
           "programme_from_row"]


def current_prescription(store: Store, patient_id: str) -> dict[str, Any] | None:
    """The patient's current prescription row (None: never prescribed)."""
    rows = store.query(
        "SELECT * FROM programmes WHERE patient_id = ? AND active"
        " ORDER BY created_at DESC, rowid DESC LIMIT 1", [patient_id],
    )
    return rows[0] if rows else None


def current_programme(store: Store, patient_id: str) -> Programme | None:
    """What the patient's programme screen shows: the current prescription, with a
    target given as a share of the patient's best turned into mm (None: no prescription).

    The best is the patient's highest session mean peak height so far; with no
    sessions yet there is no target (every full rep counts).
    """
    row = current_prescription(store, patient_id)
    if row is None:
        return None
    programme = programme_from_row(row)
    if row["target_share"] is None:
        return programme
    best = store.query(
        "SELECT max(peak_mean_mm) AS best FROM sessions WHERE patient_id = ? AND mode = 'exercise'",
        [patient_id],
    )[0]["best"]
    target = None if best is None else round(row["target_share"] * best, 1)
    return dataclasses.replace(programme, target_mm=target)


class PrescriptionTables:
    """Prescription versions on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def injured_side(self, patient_id: str) -> str | None:
        return patients.injured_side(self.store, patient_id)

    def prescriptions(self, patient_id: str, limit: int = -1) -> list[dict[str, Any]]:
        """A patient's prescription versions, newest first."""
        return self.store.query(
            "SELECT * FROM programmes WHERE patient_id = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT ?", [patient_id, limit],
        )

    def current_prescription(self, patient_id: str) -> dict[str, Any] | None:
        return current_prescription(self.store, patient_id)

    def prescription(self, programme_id: str) -> dict[str, Any] | None:
        rows = self.store.query("SELECT * FROM programmes WHERE id = ?", [programme_id])
        return rows[0] if rows else None

    def prescribe(
        self, patient_id: str, programme: Programme, actor: str, *, note: str,
        target_share: float | None, pacing: str, progression: Mapping[str, Any] | None,
        action: str,
    ) -> str:
        """A new current version (audited as ``action``); returns its id."""
        return self.store.prescribe(
            patient_id, programme, actor=actor, note=note, target_share=target_share,
            pacing=pacing, progression=progression, action=action,
        )
