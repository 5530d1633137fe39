"""Patients and staff prescriptions: typed round trips, audit log, clear errors."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.errors import UserError
from kiosk.programme import Programme, Tempo
from kiosk.storage.store import NotFoundError


def test_patient_life_cycle_is_audited(store):
    pid = store.add_patient("  Ann Lee ", clinic_id="C-1", birth_year=1951, notes="left Achilles")
    store.update_patient(pid, notes="left Achilles, week 6")
    store.archive_patient(pid, actor="dr-k")
    patient = store.get_patient(pid)
    assert patient["name"] == "Ann Lee"
    assert (patient["clinic_id"], patient["birth_year"]) == ("C-1", 1951)
    assert patient["notes"] == "left Achilles, week 6" and patient["archived"] == 1
    actions = [r["action"] for r in store.query("SELECT action FROM audit_log ORDER BY rowid")]
    assert actions == ["add_patient", "update_patient", "update_patient"]
    assert store.query("SELECT actor FROM audit_log ORDER BY rowid DESC LIMIT 1") == [
        {"actor": "dr-k"}]


@pytest.mark.parametrize("kwargs", [{"name": " "}, {"name": "X", "birth_year": 1850}])
def test_bad_patient_is_refused(store, kwargs):
    with pytest.raises(UserError):
        store.add_patient(**kwargs)
    assert store.query("SELECT count(*) AS n FROM patients") == [{"n": 0}]


def test_unknown_patient_and_field(store):
    with pytest.raises(NotFoundError):
        store.get_patient("nope")
    pid = store.add_patient("Bo")
    with pytest.raises(UserError, match="colour"):
        store.update_patient(pid, colour="red")


def test_latest_prescription_is_active_and_round_trips(store):
    pid = store.add_patient("Cy")
    assert store.active_programme(pid) is None
    store.prescribe(pid, Programme())
    wanted = Programme(name="Week 3", position="step", variant="ecc_right", spacing="narrow",
                       surface="unstable", weight_kg=5.0, sets=4, reps=8,
                       tempo=Tempo(3.0, 1.0, 4.0, 2.0), rest_between_sets_s=90.0,
                       target_mm=70.0)
    prog_id = store.prescribe(pid, wanted, pacing="strict")
    # The prescription's pacing comes back with the programme (for the session's lights).
    assert store.active_programme(pid) == (prog_id, dataclasses.replace(wanted, pacing="strict"))
    assert store.query("SELECT count(*) AS n FROM programmes WHERE active") == [{"n": 1}]


def test_session_keeps_a_copy_of_its_programme(store):
    pid = store.add_patient("Di")
    prog = Programme(variant="single_left", reps=10)
    sid = store.start_session(pid, prog, step_id="step-07", calibration={"gain": [1.0] * 6})
    session = store.get_session(sid)
    assert Programme.from_dict(session["programme"]) == prog
    assert session["calibration"] == {"gain": [1.0] * 6}
    assert (session["step_id"], session["status"]) == ("step-07", "open")
    assert store.get_patient(pid)["last_session_id"] == sid
