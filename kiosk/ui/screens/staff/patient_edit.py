"""Add or edit a patient: every field on large controls, text on the on-screen keyboard.

The service checks everything again (a clinic ID already in use, a name left
empty ...); each refused field shows its reason under itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TypeVar

from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.api import INJURED_SIDES, SEXES, PatientRecord, StaffRequestError
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.form import choices_of
from kiosk.ui.wording import (
    PATIENT_FIELD_WORDS,
    SEX_WORDS,
    SIDE_WORDS,
    STAFF_SAY,
    staff_problem_words,
)

TEXT_FIELDS = ("name", "clinic_id", "year_of_birth", "body_mass_kg", "diagnosis", "clinician",
               "notes")


_N = TypeVar("_N", int, float)


def _number(text: str, kind: type[_N]) -> _N | None:
    """'' -> None; raises ValueError for text that is not a number."""
    text = text.strip().replace(",", ".")
    return kind(text) if text else None


class PatientEditScreen(StaffScreen):
    patient_id = StringProperty("")
    title = StringProperty("New patient")
    saving = BooleanProperty(False)
    sex_choices = choices_of(SEXES, SEX_WORDS)
    side_choices = choices_of(INJURED_SIDES, SIDE_WORDS)
    field_words = PATIENT_FIELD_WORDS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._record = PatientRecord(id="", name="")

    def prepare(self, subject: str) -> None:
        self.patient_id = subject
        self._fill(PatientRecord(id="", name=""))
        self.title = "Edit patient" if subject else "New patient"

    def back_subject(self) -> str:
        return self.patient_id

    @property
    def back_to(self) -> str:  # type: ignore[override]
        return "staff_patient" if self.patient_id else "staff_patients"

    def load(self) -> None:
        self.saving = False
        if self.patient_id:
            pid = self.patient_id
            self.call(lambda: self.staff.patients.get(pid), self._fill, "load the patient")

    def _fill(self, record: PatientRecord) -> None:
        self._record = record
        ids = self.ids
        ids.name_field.set_value(record.name)
        ids.clinic_id_field.set_value(record.clinic_id)
        ids.year_of_birth_field.set_value(str(record.year_of_birth or ""))
        ids.body_mass_kg_field.set_value(f"{record.body_mass_kg:g}" if record.body_mass_kg
                                         else "")
        ids.diagnosis_field.set_value(record.diagnosis)
        ids.clinician_field.set_value(record.clinician)
        ids.notes_field.set_value(record.notes)
        ids.sex_field.choose(record.sex)
        ids.injured_side_field.choose(record.injured_side)
        self.say("")

    def _collect(self) -> PatientRecord | None:
        """The form as a record, or None after marking the fields that are not numbers."""
        ids = self.ids
        problems: dict[str, str] = {}
        try:
            year = _number(ids.year_of_birth_field.value, int)
        except ValueError:
            problems["year_of_birth"] = "bad_value"
            year = None
        try:
            mass = _number(ids.body_mass_kg_field.value, float)
        except ValueError:
            problems["body_mass_kg"] = "bad_value"
            mass = None
        if problems:
            self._mark(problems)
            return None
        return dataclasses.replace(
            self._record, id=self.patient_id, name=ids.name_field.value,
            clinic_id=ids.clinic_id_field.value, year_of_birth=year,
            sex=ids.sex_field.selected, body_mass_kg=mass,
            injured_side=ids.injured_side_field.selected,
            diagnosis=ids.diagnosis_field.value, clinician=ids.clinician_field.value,
            notes=ids.notes_field.value,
        )

    def _mark(self, problems: Mapping[str, str]) -> None:
        for name, problem in problems.items():
            field = self.ids.get(f"{name}_field")
            if field is not None:
                field.error = staff_problem_words(str(problem))
        self.say(STAFF_SAY["correct_fields"], error=True)
        for name in problems:
            field = self.ids.get(f"{name}_field")
            if field is not None:
                self.ids.scroller.scroll_to(field, animate=False)
                break
        general = problems.get("")
        if general is not None:
            self.say(staff_problem_words(str(general)), error=True)

    def save(self) -> None:
        if self.saving:
            return
        record = self._collect()
        if record is None:
            return
        self.saving = True
        self.say(STAFF_SAY["saving"])
        staff, by = self.staff, self.member
        self.call(lambda: staff.patients.save(by, record), self._saved, "save the patient",
                  failed=self._refused)

    def _saved(self, record: PatientRecord) -> None:
        self.saving = False
        self.controller.show_staff("staff_patient", record.id)
        self.controller.screen("staff_patient").say(
            STAFF_SAY["patient_saved"].format(name=record.name))

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        if isinstance(exc, StaffRequestError):
            self._mark(dict(exc.problems))
        else:
            self.show_failure(exc, "save the patient")

    def reset(self) -> None:
        super().reset()
        self.patient_id = ""
        self.saving = False
        if "name_field" in self.ids:
            self._fill(PatientRecord(id="", name=""))


load_kv(__file__)
