"""Patients: add, edit, archive, restore, search and filters."""

from __future__ import annotations

import dataclasses
import math

import pytest

from kiosk.programme import Programme
from kiosk.staff.api import PatientRecord, Problem, StaffRequestError


def _add(service, by, name, clinic_id="", **fields):
    return service.patients.save(by, PatientRecord(id="", name=name, clinic_id=clinic_id, **fields))


def test_add_and_edit_every_field(service, physio):
    saved = _add(service, physio, " Łucja  Ñúñez-O'Brien ", "C-1042", year_of_birth=1961,
                 sex="female", body_mass_kg=64.5, injured_side="left",
                 diagnosis="Achilles tendinopathy", notes="Prefers mornings")
    assert saved.id and saved.name == "Łucja Ñúñez-O'Brien"
    assert service.patients.get(saved.id) == saved
    edited = service.patients.save(physio, dataclasses.replace(saved, body_mass_kg=63.0,
                                                               injured_side="both"))
    assert (edited.body_mass_kg, edited.injured_side) == (63.0, "both")
    entries = service.audit.entries(actor="Pia Physio")
    assert [e.action for e in entries[:2]] == ["update_patient", "add_patient"]
    assert entries[0].detail == "body_mass_kg=63.0, injured_side=both"
    service.patients.save(physio, edited)  # nothing changed: nothing written
    assert len(service.audit.entries(actor="Pia Physio")) == len(entries)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"name": "  "}, {"name": Problem.REQUIRED}),
    ({"name": "n" * 81}, {"name": Problem.TOO_LONG}),
    ({"year_of_birth": 1850}, {"year_of_birth": Problem.OUT_OF_RANGE}),
    ({"year_of_birth": 2030}, {"year_of_birth": Problem.OUT_OF_RANGE}),
    ({"sex": "x"}, {"sex": Problem.BAD_VALUE}),
    ({"body_mass_kg": 5.0}, {"body_mass_kg": Problem.OUT_OF_RANGE}),
    ({"body_mass_kg": math.nan}, {"body_mass_kg": Problem.OUT_OF_RANGE}),
    ({"injured_side": "middle"}, {"injured_side": Problem.BAD_VALUE}),
    ({"notes": "n" * 2001, "diagnosis": "d" * 121},
     {"notes": Problem.TOO_LONG, "diagnosis": Problem.TOO_LONG}),
])
def test_bad_fields_are_refused_and_nothing_is_saved(service, physio, fields, expected):
    record = dataclasses.replace(PatientRecord(id="", name="Valid Name"), **fields)
    with pytest.raises(StaffRequestError) as caught:
        service.patients.save(physio, record)
    assert caught.value.problems == expected
    assert service.patients.search(filter="active") == []


def test_clinic_id_is_unique_ignoring_case_spaces_and_dashes(service, physio):
    first = _add(service, physio, "Anna", "C-1042")
    with pytest.raises(StaffRequestError) as caught:
        _add(service, physio, "Bert", "c 1042")
    assert caught.value.problems == {"clinic_id": Problem.DUPLICATE}
    service.patients.save(physio, dataclasses.replace(first, notes="same ID kept"))
    service.patients.archive(physio, first.id)  # archived patients keep their ID
    with pytest.raises(StaffRequestError):
        _add(service, physio, "Bert", "C1042")


def test_edit_of_a_missing_patient(service, physio):
    with pytest.raises(StaffRequestError) as caught:
        service.patients.save(physio, PatientRecord(id="nope", name="Ghost"))
    assert caught.value.problems == {"": Problem.NOT_FOUND}


def test_search_by_name_without_accents_or_by_clinic_id(service, physio):
    for name, cid in [("Søren Ødegård", "C-100"), ("José Núñez", "C-200"),
                      ("Łucja Wróbel", "X-7"), ("Anna Smith", "")]:
        _add(service, physio, name, cid)

    def names(query):
        return [p.name for p in service.patients.search(query)]

    assert names("soren") == ["Søren Ødegård"]
    assert names("NUNEZ") == ["José Núñez"]
    assert names("lucja") == ["Łucja Wróbel"]
    assert names("c200") == ["José Núñez"]
    assert names("c-1") == ["Søren Ødegård"]
    assert names("") == ["Anna Smith", "José Núñez", "Łucja Wróbel", "Søren Ødegård"]
    assert names("zzz") == []


def test_filters_active_archived_and_seen_this_week(service, physio, store, clock):
    seen = _add(service, physio, "Seen Monday")
    old = _add(service, physio, "Seen Last Week")
    gone = _add(service, physio, "Gone")
    # The clock is Wednesday 25 Nov 2026: Monday is the 23rd (local time of the kiosk).
    store.start_session(seen.id, Programme(), step_id="t", started_at="2026-11-24T09:00:00.000Z")
    store.start_session(old.id, Programme(), step_id="t", started_at="2026-11-19T09:00:00.000Z")
    service.patients.archive(physio, gone.id)
    assert [p.name for p in service.patients.search(filter="active")] == ["Seen Last Week",
                                                                          "Seen Monday"]
    assert [p.name for p in service.patients.search(filter="week")] == ["Seen Monday"]
    assert [p.name for p in service.patients.search(filter="archived")] == ["Gone"]
    service.patients.restore(physio, gone.id)
    assert service.patients.search(filter="archived") == []
    assert service.patients.get(seen.id).last_session_at is not None
    with pytest.raises(StaffRequestError):
        service.patients.search(filter="everyone")


def test_paging(service, physio):
    for n in range(12):
        _add(service, physio, f"Patient {n:02d}")
    first = service.patients.search(limit=5)
    second = service.patients.search(limit=5, offset=5)
    assert [p.name for p in first + second] == [f"Patient {n:02d}" for n in range(10)]


def test_a_duplicate_from_a_merge_does_not_block_other_edits(service, physio, store):
    first = _add(service, physio, "Anna", "C-7")
    twin_id = store.add_patient("Anna Twin", "C-7")  # as a merge of two kiosks could leave it
    twin = service.patients.get(twin_id)
    edited = service.patients.save(physio, dataclasses.replace(twin, notes="seen at step 2"))
    assert edited.notes == "seen at step 2"
    service.patients.save(physio, dataclasses.replace(first, clinic_id="X-1"))
    with pytest.raises(StaffRequestError) as caught:  # a changed ID is checked as ever
        service.patients.save(physio, dataclasses.replace(edited, clinic_id="x 1"))
    assert caught.value.problems == {"clinic_id": Problem.DUPLICATE}


def test_the_clinician_is_kept_with_the_patient(service, physio):
    saved = _add(service, physio, "Anna Berger", "C-1042", diagnosis="Achilles rupture",
                 clinician="  Dr.  Paul Meyer ")
    assert service.patients.get(saved.id).clinician == "Dr. Paul Meyer"
    with pytest.raises(StaffRequestError) as caught:
        service.patients.save(physio, dataclasses.replace(saved, clinician="c" * 81))
    assert caught.value.problems == {"clinician": Problem.TOO_LONG}


def test_a_clinic_id_is_found_without_its_punctuation(service, physio):
    _add(service, physio, "Anna Berger", "PH-1042")
    _add(service, physio, "Bernd Huber", "AB/77.3")
    for typed, name in [("PH1042", "Anna Berger"), ("ph 1042", "Anna Berger"),
                        ("ph.1042", "Anna Berger"), ("ab773", "Bernd Huber"),
                        ("AB-77-3", "Bernd Huber")]:
        assert [p.name for p in service.patients.search(typed)] == [name], typed
    with pytest.raises(StaffRequestError) as caught:
        _add(service, physio, "Carla Jensen", "ph/1042")  # the same ID written otherwise
    assert caught.value.problems == {"clinic_id": Problem.DUPLICATE}
