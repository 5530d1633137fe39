"""Prescribing by touch: a template, adjusted, saved as a new version the patient then
sees on their programme screen; a progression suggestion after qualifying sessions,
applied with one tap."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def find_patient(staff, name: str) -> None:
    """On the patients list: search for the name, tap the patient."""
    k = staff.k
    staff.tap(k.screen().ids.search_button)
    staff.type_text(name)
    staff.idle()
    staff.tap(staff.button_containing(name))


def open_patient(staff, name: str) -> str:
    k = staff.k
    staff.sign_in()
    staff.tap_text("Patients")
    k.wait_screen("staff_patients", 5)
    staff.idle()
    find_patient(staff, name)
    k.wait_screen("staff_patient", 5)
    staff.idle()
    return k.screen().patient_id


def test_prescribe_from_a_template_and_the_patient_sees_it(staff):
    k = staff.k
    pid = open_patient(staff, "Bernd Huber")
    staff.tap_text("Prescribe")
    k.wait_screen("staff_prescription", 5)
    staff.idle()
    form = k.screen()
    staff.tap_text("Eccentric (Alfredson-style)")
    template = next(t.programme for t in staff.service.prescriptions.templates(pid)
                    if t.code == "eccentric_alfredson")
    assert form.ids.reps_field.value == template.reps
    for _ in range(3):
        staff.tap(form.ids.reps_field.ids.minus_button)
    staff.tap(form.ids.weight_field.ids.plus_button)
    staff.tap_text("Strict")
    staff.tap(form.ids.save_button)
    k.wait_screen("staff_patient", 10)
    staff.idle()
    assert "Prescription saved" in k.screen().message
    rx = staff.service.prescriptions.current(pid)
    assert rx.programme.variant == template.variant and rx.programme.position == "step"
    assert rx.programme.reps == template.reps - 3
    assert rx.programme.weight_kg == pytest.approx(template.weight_kg + 0.5)
    assert rx.pacing == "strict" and rx.created_by == "Ada Ádmin"
    assert "3 sets of 12" in k.screen().current or f"of {template.reps - 3}" in k.screen().current
    history = staff.service.prescriptions.history(pid)
    assert history[0].id == rx.id

    # The patient is here: staff start them off -> today's programme is the new prescription.
    staff.tap_text("Start session")
    k.wait_screen("programme", 5)
    assert not k.controller.staff.signed_in
    programme = k.screen("programme")
    k.run_until(lambda: programme.prescribed, 10, "the prescription")
    chosen = programme.current_programme()
    assert (chosen.variant, chosen.reps) == (template.variant, template.reps - 3)


def test_heel_rise_test_from_its_template(staff):
    k = staff.k
    pid = open_patient(staff, "Anna Berger")
    staff.tap_text("Prescribe")
    k.wait_screen("staff_prescription", 5)
    staff.idle()
    staff.tap(staff.find_all(lambda w: getattr(w, "code", None) == "heel_rise_test")[0])
    assert k.screen().ids.session_field.selected == "heel_rise_test"
    staff.tap(k.screen().ids.save_button)
    k.wait_screen("staff_patient", 10)
    staff.idle()
    assert staff.service.prescriptions.current(pid).programme.mode == "heel_rise_test"
    assert "Heel-rise test" in k.screen().current


def test_a_suggestion_after_good_sessions_is_applied_with_one_tap(staff, kiosk):
    from kiosk.sim.samples.clinic import record_good_session

    k = staff.k
    pid = open_patient(staff, "David Okafor")
    staff.tap_text("Prescribe")
    k.wait_screen("staff_prescription", 5)
    staff.idle()
    staff.tap_text("Achilles early loading")
    staff.tap(k.screen().ids.save_button)
    k.wait_screen("staff_patient", 10)
    staff.idle()
    page = k.screen()
    assert page.suggestion_rows == []
    before = staff.service.prescriptions.current(pid)
    for _ in range(before.rule.sessions):
        record_good_session(kiosk.store, pid, before.programme)
    # Staff come back to the page: the service has found the rule met.
    staff.tap_text("Back")
    k.wait_screen("staff_patients", 5)
    staff.idle()
    find_patient(staff, "David Okafor")
    k.wait_screen("staff_patient", 5)
    staff.idle()
    assert len(page.suggestion_rows) == 1
    assert page.suggestion_rows[0][1].startswith("Ready for: ")
    staff.tap_text("Accept")
    staff.idle()
    after = staff.service.prescriptions.current(pid)
    assert after.id != before.id and after.programme != before.programme
    assert "Progression accepted" in page.message
    assert page.suggestion_rows == []
    actions = [e.action for e in staff.service.audit.entries(actor="Ada Ádmin", limit=10)]
    assert "accept_suggestion" in actions
