"""Prescriptions: templates, every parameter, checks, versions and history."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.programme import Programme, Tempo
from kiosk.staff.api import PatientRecord, Problem, ProgressionRule, StaffRequestError


@pytest.fixture
def patient(service, physio):
    return service.patients.save(physio, PatientRecord(id="", name="Rita Right",
                                                       injured_side="right"))


def test_templates_cover_the_guide_and_turn_to_the_injured_side(service, patient):
    codes = [t.code for t in service.prescriptions.templates()]
    assert codes == ["achilles_early", "eccentric_alfredson", "strength", "heel_rise_test"]
    by_code = {t.code: t.programme for t in service.prescriptions.templates(patient.id)}
    assert by_code["eccentric_alfredson"].variant == "ecc_right"
    assert by_code["strength"].variant == "single_right"
    assert by_code["achilles_early"].position == "sitting"
    assert by_code["heel_rise_test"].mode == "heel_rise_test"
    templates = {t.code: t.programme for t in service.prescriptions.templates()}
    assert templates["strength"].variant == "single_left"


def test_every_parameter_is_stored_and_read_back(service, physio, patient):
    programme = Programme(position="step", variant="ecc_left", spacing="wide",
                          surface="unstable", weight_kg=7.5, sets=4, reps=9,
                          tempo=Tempo(2.5, 0.5, 4.0, 1.5), rest_between_sets_s=90.0,
                          target_mm=62.0, name="Week 3")
    saved = service.prescriptions.prescribe(physio, patient.id, programme, note=" heavier ",
                                            pacing="strict",
                                            rule=ProgressionRule(sessions=4, good_share=0.8))
    assert saved.programme == dataclasses.replace(programme, pacing="strict")  # it travels
    assert (saved.note, saved.pacing, saved.created_by) == ("heavier", "strict", "Pia Physio")
    assert saved.rule == ProgressionRule(4, 0.8)
    assert service.prescriptions.current(patient.id) == saved


def test_each_change_is_a_new_version_with_history(service, physio, patient):
    first = service.prescriptions.prescribe(
        physio, patient.id, service.prescriptions.templates(patient.id)[0].programme)
    second = service.prescriptions.prescribe(physio, patient.id,
                               dataclasses.replace(first.programme, reps=20), note="more")
    history = service.prescriptions.history(patient.id)
    assert [p.id for p in history] == [second.id, first.id]
    assert [p.active for p in history] == [True, False]
    assert service.prescriptions.current(patient.id).programme.reps == 20


def test_heel_rise_test_has_no_progression_rule(service, physio, patient):
    saved = service.prescriptions.prescribe(physio, patient.id, Programme.heel_rise_test())
    assert saved.programme.mode == "heel_rise_test" and saved.rule is None


def test_relative_target(service, physio, patient):
    saved = service.prescriptions.prescribe(physio, patient.id, Programme(), target_share=0.8)
    assert saved.target_share == 0.8 and saved.programme.target_mm is None


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"note": "n" * 501}, {"note": Problem.TOO_LONG}),
    ({"pacing": "lazy"}, {"pacing": Problem.BAD_VALUE}),
    ({"target_share": 1.5}, {"target_share": Problem.OUT_OF_RANGE}),
    ({"programme": Programme(target_mm=500.0)}, {"target_mm": Problem.OUT_OF_RANGE}),
    ({"programme": Programme(rest_between_sets_s=-1)},
     {"rest_between_sets_s": Problem.OUT_OF_RANGE}),
    ({"programme": Programme(tempo=Tempo(0.0, 1.0, 3.0))}, {"tempo": Problem.OUT_OF_RANGE}),
    ({"rule": ProgressionRule(sessions=0)}, {"rule": Problem.OUT_OF_RANGE}),
    ({"rule": ProgressionRule(good_share=0.2)}, {"rule": Problem.OUT_OF_RANGE}),
])
def test_bad_prescriptions_are_refused(service, physio, patient, kwargs, expected):
    kwargs = {"programme": Programme(), **kwargs}
    with pytest.raises(StaffRequestError) as caught:
        service.prescriptions.prescribe(physio, patient.id, **kwargs)
    assert caught.value.problems == expected
    assert service.prescriptions.current(patient.id) is None


def test_unknown_patient(service, physio):
    with pytest.raises(StaffRequestError) as caught:
        service.prescriptions.prescribe(physio, "nope", Programme())
    assert caught.value.problems == {"": Problem.NOT_FOUND}
