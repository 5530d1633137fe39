"""Prescriptions: the guide's templates, a patient's current programme and its
history, and a new version (the old one stays in the history)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from kiosk.programme import Programme
from kiosk.staff import prescriptions, progressions
from kiosk.staff.api import (
    DEFAULT_RULE,
    Prescription,
    Problem,
    ProgrammeTemplate,
    ProgressionRule,
    StaffMember,
    StaffRequestError,
)
from kiosk.staff.guard import guarded, refuse
from kiosk.staff.ports import Authoriser, PrescriptionRows
from kiosk.storage.ids import parse_utc
from kiosk.storage.prescriptions import programme_from_row

__all__ = ["PrescriptionService", "prescription_of", "rule_of"]


def rule_of(text: str | None) -> ProgressionRule | None:
    """A prescription's progression rule from its JSON column (None: no suggestions)."""
    if not text:
        return None
    data = json.loads(text)
    return ProgressionRule(sessions=int(data["sessions"]), good_share=float(data["good_share"]))


def prescription_of(row: Mapping[str, Any]) -> Prescription:
    return Prescription(
        id=row["id"], patient_id=row["patient_id"], programme=programme_from_row(row),
        created_at=parse_utc(row["created_at"]), created_by=row["created_by"] or "",
        active=bool(row["active"]), note=row["note"] or "", target_share=row["target_share"],
        pacing=row["pacing"] or "adaptive", rule=rule_of(row["progression"]),
    )


class PrescriptionService:
    """Prescriptions (``kiosk.staff.api.PrescriptionsPort``) over ``PrescriptionRows``."""

    def __init__(self, rows: PrescriptionRows, authoriser: Authoriser) -> None:
        self.rows = rows
        self._authoriser = authoriser

    @guarded
    def templates(self, patient_id: str | None = None) -> Sequence[ProgrammeTemplate]:
        """The guide's templates; for a patient, one-leg variants on their injured side."""
        side = self.rows.injured_side(patient_id) if patient_id else None
        return prescriptions.templates_for("none" if side is None else side)

    @guarded
    def current(self, patient_id: str) -> Prescription | None:
        row = self.rows.current_prescription(patient_id)
        return prescription_of(row) if row else None

    @guarded
    def history(self, patient_id: str) -> Sequence[Prescription]:
        """Every version, newest first (the first is current unless none is active)."""
        return [prescription_of(r) for r in self.rows.prescriptions(patient_id)]

    @guarded
    def prescribe(self, by: StaffMember, patient_id: str, programme: Programme,
                  note: str = "", target_share: float | None = None,
                  pacing: str = "adaptive",
                  rule: ProgressionRule | None = DEFAULT_RULE) -> Prescription:
        """A new version of the patient's programme (the old one stays in the history).

        A heel-rise test has no progression rule.
        """
        actor = self._authoriser.authorise(by)
        return self.record(actor, patient_id, programme, note.strip(), target_share,
                           pacing, rule, action="prescribe")

    def record(self, actor: str, patient_id: str, programme: Programme, note: str,
               target_share: float | None, pacing: str, rule: ProgressionRule | None,
               action: str) -> Prescription:
        """Check and store a new version for an authorised ``actor`` (also an accepted
        progression suggestion); audited as ``action``."""
        problems = dict(prescriptions.check(programme, note, target_share, pacing))
        if rule is not None and not progressions.rule_ok(rule):
            problems["rule"] = Problem.OUT_OF_RANGE
        if problems:
            raise StaffRequestError(problems)
        if self.rows.injured_side(patient_id) is None:
            raise refuse("", Problem.NOT_FOUND)
        if programme.mode != "exercise":
            rule = None
        progression = None if rule is None else {"sessions": rule.sessions,
                                                 "good_share": rule.good_share}
        programme_id = self.rows.prescribe(
            patient_id, programme, actor, note=note, target_share=target_share,
            pacing=pacing, progression=progression, action=action,
        )
        row = self.rows.prescription(programme_id)
        assert row is not None
        return prescription_of(row)
