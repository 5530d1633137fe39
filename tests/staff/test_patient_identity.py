"""Patients identify at the kiosk by card or by clinic ID and code; nothing tells a
passer-by who is a patient here; guessing locks; every attempt is audited; exports
carry no card or code hashes."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from kiosk.staff.api import Identify, Problem, StaffRequestError
from kiosk.sync.exporter import export


@pytest.fixture
def anna(store):
    return store.add_patient("Anna Berger", "PH-1042")


def _actions(store):
    return [r["action"] for r in store.query("SELECT action FROM audit_log ORDER BY at, rowid")]


def test_clinic_id_and_code_sign_in_ignoring_case_and_dashes(service, physio, store, anna):
    service.identity.set_code(physio, anna, "2468")
    for typed in ("PH-1042", "ph1042", " ph 1042 "):
        found = service.identity.by_code(typed, "2468")
        assert found.result is Identify.OK and found.patient_id == anna
    assert "set_sign_in_code" in _actions(store) and "patient_sign_in" in _actions(store)
    # Nothing but the hash is stored.
    stored = store.query("SELECT code_hash FROM patient_sign_in")[0]["code_hash"]
    assert stored.startswith("$scrypt$") and "2468" not in stored


def test_unknown_id_wrong_code_and_no_code_give_one_answer(service, physio, store, anna):
    other = store.add_patient("Bernd Huber", "PH-1107")  # no code set
    service.identity.set_code(physio, anna, "2468")
    answers = {service.identity.by_code("PH-9999", "2468").result,
               service.identity.by_code("PH-1042", "1111").result,
               service.identity.by_code("PH-1107", "2468").result}
    assert answers == {Identify.NO_MATCH}
    assert service.identity.methods(physio, other) == (False, False)


def test_five_wrong_codes_lock_the_id_for_a_minute_audited(service, physio, store, clock, anna):
    service.identity.set_code(physio, anna, "2468")
    for _ in range(4):
        assert service.identity.by_code("PH-1042", "0000").result is Identify.NO_MATCH
    locked = service.identity.by_code("PH-1042", "0000")
    assert locked.result is Identify.LOCKED
    assert locked.locked_until == clock.now + timedelta(minutes=1)
    # The right code does not open it while locked, and says so.
    assert service.identity.by_code("PH-1042", "2468").result is Identify.LOCKED
    clock.advance(minutes=1, seconds=1)
    assert service.identity.by_code("PH-1042", "2468").result is Identify.OK
    actions = _actions(store)
    assert actions.count("patient_code_failed") == 5 and "patient_code_locked" in actions
    assert "patient_code_while_locked" in actions
    # The audit names the patient by id only.
    details = " ".join(str(r) for r in store.query(
        "SELECT * FROM audit_log WHERE actor = 'kiosk'"))
    assert "Anna" not in details


def test_a_new_code_from_staff_lifts_the_lock(service, physio, anna):
    service.identity.set_code(physio, anna, "2468")
    for _ in range(5):
        service.identity.by_code("PH-1042", "0000")
    service.identity.set_code(physio, anna, "1357")
    assert service.identity.by_code("PH-1042", "1357").result is Identify.OK


def test_card_sign_in_is_one_patients_own(service, physio, store, anna):
    bernd = store.add_patient("Bernd Huber", "PH-1107")
    service.identity.set_card(physio, anna, "04a1b2c3d4")
    found = service.identity.by_card("04A1B2C3D4\n")
    assert found.result is Identify.OK and found.patient_id == anna
    assert service.identity.by_card("FFFFFFFF").result is Identify.NO_MATCH
    assert service.identity.by_card("ab").result is Identify.BAD_CARD
    with pytest.raises(StaffRequestError) as refused:
        service.identity.set_card(physio, bernd, "04A1B2C3D4")
    assert refused.value.problems == {"card": Problem.DUPLICATE}
    service.identity.set_card(physio, anna, "")
    assert service.identity.by_card("04A1B2C3D4").result is Identify.NO_MATCH
    assert {"patient_card_unknown", "patient_card_unreadable", "clear_sign_in_card"} <= set(
        _actions(store))


def test_bad_codes_are_refused_and_change_nothing(service, physio, store, anna):
    for bad in ("12", "123456789", "12a4", "١٢٣٤"):
        with pytest.raises(StaffRequestError) as refused:
            service.identity.set_code(physio, anna, bad)
        assert refused.value.problems == {"code": Problem.PIN_FORMAT}
    assert store.query("SELECT count(*) AS n FROM patient_sign_in")[0]["n"] == 0


def test_only_signed_in_staff_set_codes(service, physio, anna):
    service.accounts.sign_out(physio, "button")
    with pytest.raises(StaffRequestError):
        service.identity.set_code(physio, anna, "2468")


def test_exports_carry_no_card_or_code_hashes(service, physio, store, anna, db_path, tmp_path):
    service.identity.set_code(physio, anna, "2468")
    service.identity.set_card(physio, anna, "04A1B2C3D4")
    usb = tmp_path / "usb"
    usb.mkdir()
    out = export(db_path, db_path.parent, usb, "step-01").folder
    snapshot = (out / "smartstep.db").read_bytes()
    assert b"$scrypt$" not in snapshot
    row = store.query("SELECT card_hash FROM patient_sign_in")[0]
    assert row["card_hash"].encode() not in snapshot
    with sqlite3.connect(out / "smartstep.db") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "patient_sign_in" not in tables
