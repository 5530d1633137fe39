"""Patients by touch: add one with an accented name on the on-screen keyboard, edit,
archive (gone from the patients' own sign-in list) and restore; refused input shows why."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui

NAME = "Zoë Łukasz-Ñúñez O'Brien"
CLINIC_ID = "C-7731"


def open_patients(staff) -> None:
    staff.sign_in()
    staff.tap_text("Patients")
    staff.k.wait_screen("staff_patients", 5)
    staff.idle()


def search(staff, text: str) -> None:
    staff.tap(staff.k.screen().ids.search_button)
    staff.type_text(text)
    staff.idle()


def patient_sign_in_names(kiosk) -> list[str]:
    return [e.name for e in kiosk.parts.services.directory.patients()]


def test_add_edit_archive_restore_a_patient_with_an_accented_name(staff):
    k = staff.k
    open_patients(staff)
    staff.tap(k.screen().ids.add_button)
    k.wait_screen("staff_patient_edit", 5)
    form = k.screen()
    staff.fill(form.ids.name_field, NAME)
    staff.fill(form.ids.clinic_id_field, CLINIC_ID)
    staff.fill(form.ids.year_of_birth_field, "1987")
    staff.fill(form.ids.body_mass_kg_field, "71.5")
    staff.tap_text("Female")
    staff.tap_text("Left")
    staff.fill(form.ids.diagnosis_field, "Achilles rupture, repaired")
    staff.tap(form.ids.save_button)
    k.wait_screen("staff_patient", 10)
    staff.idle()
    page = k.screen()
    assert page.title == NAME
    assert "Saved" in page.message
    assert "Born 1987" in page.details and "71.5 kg" in page.details
    saved = staff.service.patients.get(page.patient_id)
    assert (saved.name, saved.clinic_id, saved.sex, saved.injured_side) == (
        NAME, CLINIC_ID, "female", "left")
    assert saved.body_mass_kg == pytest.approx(71.5)
    assert NAME in patient_sign_in_names(k)

    # Edit: the form comes back filled in; change the notes.
    staff.tap(page.ids.edit_button)
    k.wait_screen("staff_patient_edit", 5)
    staff.idle()
    form = k.screen()
    assert form.ids.name_field.value == NAME
    staff.fill(form.ids.notes_field, "Prefers mornings")
    staff.tap(form.ids.save_button)
    k.wait_screen("staff_patient", 10)
    staff.idle()
    assert staff.service.patients.get(page.patient_id).notes == "Prefers mornings"

    # Archive: off the patients' sign-in list, on the "Archived" filter.
    staff.tap(page.ids.archive_button)
    staff.idle()
    assert page.archived and "Archived" in page.message
    assert NAME not in patient_sign_in_names(k)
    staff.tap_text("Back")
    k.wait_screen("staff_patients", 5)
    staff.idle()
    staff.tap(k.screen().ids.filter_archived)
    staff.idle()
    staff.tap(staff.button_containing(NAME))
    k.wait_screen("staff_patient", 5)
    staff.idle()
    staff.tap_text("Restore")
    staff.idle()
    assert not page.archived
    assert NAME in patient_sign_in_names(k)
    actions = [e.action for e in staff.service.audit.entries(actor="Ada Ádmin", limit=20)]
    for action in ("add_patient", "update_patient", "archive_patient", "restore_patient"):
        assert action in actions


def test_search_by_clinic_id_and_by_name(staff):
    k = staff.k
    open_patients(staff)
    search(staff, "C-1107")
    assert [r["text"].split("\n")[0] for r in k.screen().rows] == ["Bernd Huber"]
    search(staff, "anna")
    assert [r["text"].split("\n")[0] for r in k.screen().rows] == ["Anna Berger"]
    search(staff, "nobody here")
    assert k.screen().rows == [] and "Nobody found" in k.screen().message


def test_a_clinic_id_in_use_is_refused_under_the_field(staff):
    k = staff.k
    open_patients(staff)
    staff.tap(k.screen().ids.add_button)
    k.wait_screen("staff_patient_edit", 5)
    form = k.screen()
    staff.fill(form.ids.name_field, "Émile Twin")
    staff.fill(form.ids.clinic_id_field, "C-1042")  # Anna Berger's
    staff.tap(form.ids.save_button)
    staff.idle()
    assert k.screen_name == "staff_patient_edit"
    assert form.ids.clinic_id_field.error == "This is already in use."
    assert "Émile Twin" not in patient_sign_in_names(k)


def test_an_empty_name_is_refused(staff):
    k = staff.k
    open_patients(staff)
    staff.tap(k.screen().ids.add_button)
    k.wait_screen("staff_patient_edit", 5)
    form = k.screen()
    staff.tap(form.ids.save_button)
    staff.idle()
    assert k.screen_name == "staff_patient_edit"
    assert form.ids.name_field.error == "Please fill this in."


def test_the_clinician_is_typed_on_the_form_and_shown_on_the_page(staff):
    k = staff.k
    open_patients(staff)
    staff.tap(k.screen().ids.add_button)
    k.wait_screen("staff_patient_edit", 5)
    form = k.screen()
    staff.fill(form.ids.name_field, "Greta Novak")
    staff.fill(form.ids.clinician_field, "Ingrid Holm")
    staff.tap(form.ids.save_button)
    k.wait_screen("staff_patient", 10)
    staff.idle()
    page = k.screen()
    assert "Clinician: Ingrid Holm" in page.details
    assert staff.service.patients.get(page.patient_id).clinician == "Ingrid Holm"
