"""Progressions: when the current prescription's rule is met (its last sessions
completed with enough good reps), a suggestion of the next step on a ladder; staff
accept it (one tap: a new prescription version) or dismiss it for this version."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from kiosk.programme import Programme
from kiosk.staff import progressions
from kiosk.staff.api import Prescription, Problem, ProgressionSuggestion, StaffMember
from kiosk.staff.guard import guarded, refuse
from kiosk.staff.ports import Authoriser, Row, SuggestionRows
from kiosk.staff.prescription_service import PrescriptionService, rule_of
from kiosk.storage.ids import parse_utc
from kiosk.storage.prescriptions import programme_from_row

__all__ = ["ProgressionService"]


class ProgressionService:
    """Progression suggestions (``kiosk.staff.api.ProgressionsPort``) over ``SuggestionRows``;
    an accepted one is prescribed through ``prescriptions``."""

    def __init__(self, rows: SuggestionRows, authoriser: Authoriser,
                 prescriptions: PrescriptionService) -> None:
        self.rows = rows
        self._authoriser = authoriser
        self._prescriptions = prescriptions

    @guarded
    def suggestions(self, patient_id: str) -> Sequence[ProgressionSuggestion]:
        """Open suggestions for the patient's current prescription (checks the rule first)."""
        current = self._evaluate(patient_id)
        if current is None:
            return []
        return [_suggestion(r, current) for r in self.rows.open_suggestions(patient_id)
                if r["programme_id"] == current["id"]]

    @guarded
    def ready_to_progress(self, patient_id: str) -> bool:
        """For the patient's own summary screen ("your physio may move you on"): True
        when the current prescription has an open suggestion. Never changes the programme."""
        current = self._evaluate(patient_id)
        if current is None:
            return False
        row = self.rows.suggestion_for(current["id"])
        return row is not None and row["status"] == "open"

    @guarded
    def accept(self, by: StaffMember, suggestion_id: str) -> Prescription:
        """The suggested step as the patient's new prescription version (one tap)."""
        actor = self._authoriser.authorise(by)
        with self.rows.transaction():
            row, current = self._open_suggestion(suggestion_id)
            self.rows.decide_suggestion(suggestion_id, "accepted", actor)
            return self._prescriptions.record(
                actor, row["patient_id"], Programme.from_dict(json.loads(row["proposed"])),
                current["note"] or "", current["target_share"], current["pacing"],
                rule_of(current["progression"]), action="accept_suggestion",
            )

    @guarded
    def dismiss(self, by: StaffMember, suggestion_id: str) -> None:
        """Not now: this version is not suggested again (a new version may be)."""
        actor = self._authoriser.authorise(by)
        with self.rows.transaction():
            self._open_suggestion(suggestion_id)
            self.rows.decide_suggestion(suggestion_id, "dismissed", actor)

    def _target_mm(self, row: Mapping[str, Any]) -> float | None:
        """A prescription's target height: absolute, or a share of the patient's best."""
        if row["target_share"] is not None:
            programme = self.rows.current_programme(row["patient_id"])
            return programme.target_mm if programme else None
        target: float | None = row["target_mm"]
        return target

    def _evaluate(self, patient_id: str) -> Row | None:
        """Store a suggestion when the current prescription's rule is met; returns the
        current prescription row (None: no prescription)."""
        current = self.rows.current_prescription(patient_id)
        if current is None:
            return None
        rule = rule_of(current["progression"])
        if rule is None or self.rows.suggestion_for(current["id"]) is not None:
            return current
        target = self._target_mm(current)
        latest = []
        for s in self.rows.sessions_since(patient_id, current["created_at"], rule.sessions):
            reps, good = self.rows.good_reps(s["id"], target)
            latest.append(progressions.SessionResult(s["status"], reps, good))
        if not progressions.rule_met(rule, latest):
            return current
        side = self.rows.injured_side(patient_id)
        step = progressions.next_step(programme_from_row(current),
                                      "none" if side is None else side)
        if step is not None:
            ladder, proposed = step
            self.rows.add_suggestion(patient_id, current["id"], rule.code, ladder, proposed)
        return current

    def _open_suggestion(self, suggestion_id: str) -> tuple[Row, Row]:
        row = self.rows.suggestion(suggestion_id)
        if row is None or row["status"] != "open":
            raise refuse("", Problem.NOT_FOUND)
        current = self.rows.current_prescription(row["patient_id"])
        if current is None or current["id"] != row["programme_id"]:
            raise refuse("", Problem.NOT_FOUND)  # the programme changed since
        return row, current


def _suggestion(row: Mapping[str, Any], current: Mapping[str, Any]) -> ProgressionSuggestion:
    return ProgressionSuggestion(
        id=row["id"], patient_id=row["patient_id"], rule=row["rule"], ladder=row["ladder"],
        current=programme_from_row(current),
        proposed=Programme.from_dict(json.loads(row["proposed"])),
        created_at=parse_utc(row["created_at"]),
    )
