"""Progression rules and ladders: a suggestion staff accept or dismiss with one tap."""

from __future__ import annotations

import pytest

from kiosk.programme import Programme
from kiosk.staff.api import PatientRecord, Problem, ProgressionRule, StaffRequestError
from kiosk.staff.progressions import SessionResult, next_step, rule_met


@pytest.mark.parametrize(("before", "side", "ladder", "after"), [
    (Programme(position="sitting"), "none", "position", {"position": "floor"}),
    (Programme(position="floor"), "none", "position", {"position": "step"}),
    (Programme(position="step"), "right", "variant", {"variant": "ecc_right"}),
    (Programme(position="step"), "none", "variant", {"variant": "ecc_left"}),
    (Programme(position="step", variant="ecc_right"), "right", "variant",
     {"variant": "single_right"}),
    (Programme(position="step", variant="single_left"), "left", "surface",
     {"surface": "unstable"}),
    (Programme(position="step", variant="single_left", surface="unstable", weight_kg=5.0),
     "left", "weight", {"weight_kg": 7.5}),
])
def test_ladders_in_the_guides_order(before, side, ladder, after):
    moved, proposed = next_step(before, side)
    assert moved == ladder
    assert {k: getattr(proposed, k) for k in after} == after


def test_top_of_every_ladder_and_the_test_have_no_next_step():
    top = Programme(position="step", variant="single_left", surface="unstable", weight_kg=100.0)
    assert next_step(top) is None
    assert next_step(Programme.heel_rise_test()) is None


def _s(status="completed", reps=30, good=30):
    return SessionResult(status, reps, good)


@pytest.mark.parametrize(("sessions", "met"), [
    ([_s(), _s(), _s()], True),
    ([_s(good=27), _s(good=28), _s()], True),          # 90 % exactly
    ([_s(good=26), _s(), _s()], False),                # one below 90 %
    ([_s(), _s()], False),                             # too few
    ([_s(), _s(status="stopped"), _s()], False),       # one not completed
    ([_s(), _s(reps=0, good=0), _s()], False),         # no reps
])
def test_rule(sessions, met):
    assert rule_met(ProgressionRule(sessions=3, good_share=0.9), sessions) is met


# -- with the database ---------------------------------------------------------


@pytest.fixture
def patient(service, physio):
    return service.patients.save(physio, PatientRecord(id="", name="Pat Progress",
                                                       injured_side="left"))


def _session(store, make_rep, patient_id, programme, peaks, faulty=0, status="completed"):
    sid = store.start_session(patient_id, programme, step_id="t")
    for n, peak in enumerate(peaks, 1):
        store.add_rep(sid, 1, n, make_rep(peak, ("partial",) if n <= faulty else ()))
    store.end_session(sid, status)
    return sid


@pytest.fixture
def make_rep():
    def make(peak, faults=()):
        return {"start_s": 1.0, "top_s": 2.5, "end_s": 5.0, "peak_mm": peak, "up_s": 1.2,
                "down_s": 2.4, "stance": "both", "faults": list(faults)}
    return make


def test_three_good_sessions_suggest_the_next_step_and_accept_makes_a_version(
        service, physio, patient, store, make_rep):
    current = service.prescriptions.prescribe(physio, patient.id, Programme(position="floor"))
    for _ in range(2):
        _session(store, make_rep, patient.id, current.programme, [60.0] * 20)
    assert service.progressions.suggestions(patient.id) == []
    assert not service.progressions.ready_to_progress(patient.id)
    _session(store, make_rep, patient.id, current.programme, [60.0] * 20, faulty=2)  # 90 %
    (suggestion,) = service.progressions.suggestions(patient.id)
    assert (suggestion.ladder, suggestion.rule) == ("position", "good_reps_3_sessions")
    assert suggestion.current == current.programme
    assert suggestion.proposed.position == "step"
    assert service.progressions.ready_to_progress(patient.id)
    accepted = service.progressions.accept(physio, suggestion.id)
    assert accepted.programme == suggestion.proposed
    assert accepted.rule == current.rule and accepted.created_by == "Pia Physio"
    assert service.prescriptions.current(patient.id) == accepted
    assert [p.id for p in service.prescriptions.history(patient.id)] == [accepted.id, current.id]
    # The new version starts counting again.
    assert service.progressions.suggestions(patient.id) == []
    assert service.audit.entries(actor="Pia Physio")[0].action == "accept_suggestion"
    with pytest.raises(StaffRequestError) as caught:
        service.progressions.accept(physio, suggestion.id)  # a second tap changes nothing
    assert caught.value.problems == {"": Problem.NOT_FOUND}


def test_reps_below_the_target_are_not_good(service, physio, patient, store, make_rep):
    current = service.prescriptions.prescribe(physio, patient.id,
                                              Programme(position="floor", target_mm=70.0))
    for _ in range(3):
        _session(store, make_rep, patient.id, current.programme, [65.0] * 20)
    assert service.progressions.suggestions(patient.id) == []


def test_relative_target_uses_the_best_session(service, physio, patient, store, make_rep):
    _session(store, make_rep, patient.id, Programme(), [100.0] * 10)  # before: the best
    current = service.prescriptions.prescribe(physio, patient.id, Programme(position="floor"),
                                              target_share=0.8)
    for _ in range(3):
        _session(store, make_rep, patient.id, current.programme, [75.0] * 20)  # < 80 mm
    assert service.progressions.suggestions(patient.id) == []


def test_dismissed_suggestion_stays_dismissed_for_this_version(
        service, physio, patient, store, make_rep):
    current = service.prescriptions.prescribe(physio, patient.id,
                                              Programme(position="step", variant="both"))
    for _ in range(3):
        _session(store, make_rep, patient.id, current.programme, [60.0] * 20)
    (suggestion,) = service.progressions.suggestions(patient.id)
    assert suggestion.proposed.variant == "ecc_left"
    service.progressions.dismiss(physio, suggestion.id)
    _session(store, make_rep, patient.id, current.programme, [60.0] * 20)
    assert service.progressions.suggestions(patient.id) == []
    assert service.audit.entries(actor="Pia Physio")[0].action == "dismiss_suggestion"


def test_a_manual_change_makes_an_open_suggestion_stale(
        service, physio, patient, store, make_rep):
    current = service.prescriptions.prescribe(physio, patient.id, Programme(position="floor"))
    for _ in range(3):
        _session(store, make_rep, patient.id, current.programme, [60.0] * 20)
    (suggestion,) = service.progressions.suggestions(patient.id)
    service.prescriptions.prescribe(physio, patient.id, Programme(position="sitting"))
    assert service.progressions.suggestions(patient.id) == []
    with pytest.raises(StaffRequestError):
        service.progressions.accept(physio, suggestion.id)


def test_no_rule_no_suggestion(service, physio, patient, store, make_rep):
    current = service.prescriptions.prescribe(physio, patient.id, Programme(position="floor"),
                                              rule=None)
    for _ in range(5):
        _session(store, make_rep, patient.id, current.programme, [60.0] * 20)
    assert service.progressions.suggestions(patient.id) == []
    assert not service.progressions.ready_to_progress(patient.id)


def test_heel_rise_tests_do_not_count_as_training(service, physio, patient, store, make_rep):
    current = service.prescriptions.prescribe(physio, patient.id, Programme(position="floor"))
    for _ in range(2):
        _session(store, make_rep, patient.id, current.programme, [60.0] * 20)
    _session(store, make_rep, patient.id, Programme.heel_rise_test(), [60.0] * 25)
    assert service.progressions.suggestions(patient.id) == []
    _session(store, make_rep, patient.id, current.programme, [60.0] * 20)
    assert len(service.progressions.suggestions(patient.id)) == 1
