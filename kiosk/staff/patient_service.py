"""Patients for staff: the searchable list, one patient, the form (add or edit),
archive and restore, a patient's sessions. Any signed-in member of staff may edit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.staff.api import (
    INJURED_SIDES,
    PATIENT_FILTERS,
    SEXES,
    PatientRecord,
    Problem,
    SessionRecord,
    StaffMember,
    StaffRequestError,
)
from kiosk.staff.guard import guarded, name_problem, page, refuse, text_ok, utc_or_none
from kiosk.staff.ports import Authoriser, PatientRows
from kiosk.storage.folding import compact_id
from kiosk.storage.ids import parse_utc

__all__ = ["PatientService"]

PATIENT_NAME_MAX = 80
CLINIC_ID_MAX = 40
DIAGNOSIS_MAX = 120
CLINICIAN_MAX = 80
NOTES_MAX = 2000
BODY_MASS_RANGE = (20.0, 300.0)
FIRST_BIRTH_YEAR = 1900


def _patient(row: Mapping[str, Any]) -> PatientRecord:
    return PatientRecord(
        id=row["id"], name=row["name"], clinic_id=row["clinic_id"] or "",
        year_of_birth=row["birth_year"], sex=row["sex"] or "",
        body_mass_kg=row["body_mass_kg"], injured_side=row["injured_side"] or "none",
        diagnosis=row["diagnosis"] or "", clinician=row["clinician"] or "",
        notes=row["notes"] or "",
        archived=bool(row["archived"]), last_session_at=utc_or_none(row["last_session_at"]),
    )


def _session(r: Mapping[str, Any]) -> SessionRecord:
    return SessionRecord(
        id=r["id"], started_at=parse_utc(r["started_at"]), status=r["status"],
        mode=r["mode"], position=r["position"] or "", variant=r["variant"] or "",
        rep_count=r["rep_count"] or 0, peak_mean_mm=r["peak_mean_mm"],
        peak_max_mm=r["peak_max_mm"], lsi_mean=r["lsi_mean"],
        fault_reps=r["fault_reps"] or 0, fault_counts=r["fault_counts"],
        ended_at=utc_or_none(r["ended_at"]),
        calibrated_at=utc_or_none(r["calibrated_at"]),
    )


class PatientService:
    """Patients (``kiosk.staff.api.PatientsPort``) over ``PatientRows``.

    :param now: the clock (UTC): this week's visitors, plausible years of birth.
    """

    def __init__(self, rows: PatientRows, authoriser: Authoriser,
                 now: Callable[[], datetime]) -> None:
        self.rows = rows
        self._authoriser = authoriser
        self._now = now

    @guarded
    def search(self, query: str = "", filter: str = "active", limit: int = 50,
               offset: int = 0) -> Sequence[PatientRecord]:
        """Search by name (accents and case ignored) or clinic ID; ``filter``: active,
        archived, or week (active and seen since Monday). Alphabetical; "week" by last visit."""
        if filter not in PATIENT_FILTERS:
            raise refuse("filter", Problem.BAD_VALUE)
        limit, offset = page(limit, offset)
        rows = self.rows.patients(query, filter, limit, offset, self._week_start())
        return [_patient(r) for r in rows]

    @guarded
    def get(self, patient_id: str) -> PatientRecord:
        row = self.rows.patient(patient_id)
        if row is None:
            raise refuse("", Problem.NOT_FOUND)
        return _patient(row)

    @guarded
    def save(self, by: StaffMember, record: PatientRecord) -> PatientRecord:
        """Add (``record.id`` "") or edit a patient. ``archived`` is changed only by
        ``archive`` / ``restore``. A clinic ID must be unique."""
        actor = self._authoriser.authorise(by)
        fields = self._checked_fields(record)
        with self.rows.transaction():  # the clinic ID check and the write together
            old = self.rows.patient(record.id) if record.id else None
            if record.id and old is None:
                raise refuse("", Problem.NOT_FOUND)
            # Checked when new or changed only: a merged database may already hold a
            # duplicate, and that must not block editing the patient's other fields.
            id_changed = old is None or (
                compact_id(old["clinic_id"]) != compact_id(fields["clinic_id"]))
            if id_changed and self.rows.clinic_id_taken(fields["clinic_id"] or "", record.id):
                raise refuse("clinic_id", Problem.DUPLICATE)
            if old is not None:
                # Only what changed is written, so the audit log says what was edited.
                changed = {k: v for k, v in fields.items() if old[k] != v}
                if changed:
                    self.rows.update_patient(record.id, actor=actor, **changed)
                patient_id = record.id
            else:
                patient_id = self.rows.add_patient(fields, actor)
        return self.get(patient_id)

    @guarded
    def archive(self, by: StaffMember, patient_id: str) -> None:
        """Hide a patient from the sign-in list (their history stays)."""
        self._set_archived(by, patient_id, True)

    @guarded
    def restore(self, by: StaffMember, patient_id: str) -> None:
        self._set_archived(by, patient_id, False)

    @guarded
    def sessions(self, patient_id: str, limit: int = 50,
                 offset: int = 0) -> Sequence[SessionRecord]:
        """A patient's sessions, newest first (a page of ``limit``)."""
        return [_session(r) for r in self.rows.patient_sessions(patient_id, *page(limit, offset))]

    def _week_start(self) -> datetime:
        """Monday 00:00 of this week on the kiosk's own clock (the clinic's week)."""
        local = self._now().astimezone()
        monday = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0)
        return monday.astimezone(UTC)

    def _set_archived(self, by: StaffMember, patient_id: str, archived: bool) -> None:
        actor = self._authoriser.authorise(by)
        if self.rows.patient(patient_id) is None:
            raise refuse("", Problem.NOT_FOUND)
        self.rows.update_patient(
            patient_id, actor=actor, action="archive_patient" if archived else "restore_patient",
            archived=int(archived),
        )

    def _checked_fields(self, record: PatientRecord) -> dict[str, Any]:
        """The checked, tidied columns of a patient form (raises on any problem)."""
        problems: dict[str, Problem] = {}
        name = " ".join(record.name.split())
        clinic_id = record.clinic_id.strip()
        if (problem := name_problem(name, PATIENT_NAME_MAX)) is not None:
            problems["name"] = problem
        if len(clinic_id) > CLINIC_ID_MAX:
            problems["clinic_id"] = Problem.TOO_LONG
        elif not text_ok(clinic_id):
            problems["clinic_id"] = Problem.BAD_VALUE
        year = record.year_of_birth
        if year is not None and not FIRST_BIRTH_YEAR <= year <= self._now().year:
            problems["year_of_birth"] = Problem.OUT_OF_RANGE
        if record.sex not in SEXES:
            problems["sex"] = Problem.BAD_VALUE
        mass = record.body_mass_kg
        if mass is not None and not BODY_MASS_RANGE[0] <= mass <= BODY_MASS_RANGE[1]:
            problems["body_mass_kg"] = Problem.OUT_OF_RANGE  # also NaN
        if record.injured_side not in INJURED_SIDES:
            problems["injured_side"] = Problem.BAD_VALUE
        for field, text, most in (("diagnosis", record.diagnosis, DIAGNOSIS_MAX),
                                  ("clinician", record.clinician, CLINICIAN_MAX),
                                  ("notes", record.notes, NOTES_MAX)):
            if len(text.strip()) > most:
                problems[field] = Problem.TOO_LONG
            elif field == "clinician" and not text_ok(text):
                problems[field] = Problem.BAD_VALUE
        if problems:
            raise StaffRequestError(problems)
        return {
            "name": name, "clinic_id": clinic_id or None, "birth_year": year,
            "sex": record.sex, "body_mass_kg": None if mass is None else float(mass),
            "injured_side": record.injured_side, "diagnosis": record.diagnosis.strip(),
            "clinician": " ".join(record.clinician.split()), "notes": record.notes.strip(),
        }
