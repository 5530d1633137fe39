"""Staff accounts on the touchscreen: who may do what; the PIN never stored in plain text."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.staff.api import Problem, SignInResult, StaffMember, StaffRequestError


def _problems(call, *args):
    with pytest.raises(StaffRequestError) as caught:
        call(*args)
    return caught.value.problems


def test_admin_adds_and_removes_staff(service, admin):
    member = service.add_staff(admin, "  Zoë   Müller-Øst ", "staff", "556677")
    assert member.name == "Zoë Müller-Øst"
    assert [m.name for m in service.staff_members()] == ["Ada Admin", "Zoë Müller-Øst"]
    service.remove_staff(admin, member.id)
    assert [m.name for m in service.staff_members()] == ["Ada Admin"]
    actions = [(e.action, e.target) for e in service.audit(actor="Ada Admin")]
    assert ("add_staff", "Zoë Müller-Øst") in actions
    assert ("remove_staff", "Zoë Müller-Øst") in actions


@pytest.mark.parametrize(("name", "role", "pin", "expected"), [
    ("", "staff", "556677", {"name": Problem.REQUIRED}),
    ("x" * 41, "staff", "556677", {"name": Problem.TOO_LONG}),
    ("Bad\x07Bell", "staff", "556677", {"name": Problem.BAD_VALUE}),
    ("Ok", "boss", "556677", {"role": Problem.BAD_VALUE}),
    ("Ok", "staff", "12345", {"pin": Problem.PIN_FORMAT}),
    ("ada admin", "staff", "556677", {"name": Problem.DUPLICATE}),
])
def test_bad_accounts_are_refused(service, admin, name, role, pin, expected):
    assert _problems(service.add_staff, admin, name, role, pin) == expected
    assert len(service.staff_members()) == 1


def test_staff_may_not_manage_accounts_or_settings(service, admin, physio):
    assert _problems(service.add_staff, physio, "New", "staff", "556677") == {
        "": Problem.NOT_ALLOWED}
    assert _problems(service.remove_staff, physio, admin.id) == {"": Problem.NOT_ALLOWED}
    assert _problems(service.save_settings, physio, {"lights.volume": 0.1}) == {
        "": Problem.NOT_ALLOWED}


def test_a_forged_role_does_not_help(service, admin, physio):
    forged = dataclasses.replace(physio, role="admin")
    assert _problems(service.add_staff, forged, "New", "staff", "556677") == {
        "": Problem.NOT_ALLOWED}


def test_requests_need_a_signed_in_member(service, admin):
    service.sign_out(admin, "timeout")
    assert _problems(service.add_staff, admin, "New", "staff", "556677") == {
        "": Problem.NOT_ALLOWED}
    stranger = StaffMember("made-up", "Mallory", "admin")
    assert _problems(service.archive_patient, stranger, "x") == {"": Problem.NOT_ALLOWED}
    assert service.audit(actor="Ada Admin")[0].action == "sign_out"
    assert service.audit(actor="Ada Admin")[0].detail == "reason=timeout"


def test_last_admin_cannot_be_removed(service, admin):
    assert _problems(service.remove_staff, admin, admin.id) == {"": Problem.LAST_ADMIN}
    second = service.add_staff(admin, "Second Admin", "admin", "919191")
    service.remove_staff(admin, second.id)
    with pytest.raises(StaffRequestError):
        service.console_remove("Ada Admin")


def test_removed_member_is_signed_out_and_name_can_return(service, admin, physio):
    service.remove_staff(admin, physio.id)
    assert not service.is_signed_in(physio)
    again = service.add_staff(admin, "Pia Physio", "staff", "202020")
    assert again.id != physio.id
    assert service.sign_in(again.id, "202020").result is SignInResult.OK


def test_pin_is_nowhere_in_the_database_files(service, admin, db_path, store):
    pin = "804217369512"
    member = service.add_staff(admin, "Secret Keeper", "staff", pin)
    service.sign_in(member.id, "804217369599")
    service.sign_in(member.id, pin)
    service.console_reset_pin("Secret Keeper", "771133")
    store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    for file in db_path.parent.iterdir():
        assert pin.encode() not in file.read_bytes(), file
    listed = str(service.console_accounts())
    assert "scrypt" not in listed and pin not in listed


def test_admin_resets_a_forgotten_pin_and_lifts_the_lock(service, admin, physio):
    for _ in range(5):
        service.sign_in(physio.id, "000000")
    assert service.sign_in(physio.id, "7305118264").result is SignInResult.LOCKED
    assert _problems(service.reset_pin, admin, physio.id, "12") == {"pin": Problem.PIN_FORMAT}
    service.reset_pin(admin, physio.id, "313131")
    assert service.sign_in(physio.id, "313131").result is SignInResult.OK
    assert _problems(service.reset_pin, physio, admin.id, "414141") == {"": Problem.NOT_ALLOWED}
    assert service.audit(actor="Ada Admin")[0].action == "reset_pin"


def test_pin_is_never_logged(service, admin, caplog, monkeypatch):
    import logging
    import sqlite3

    caplog.set_level(logging.DEBUG)
    member = service.add_staff(admin, "Quiet", "staff", "69120358")
    service.sign_in(member.id, "69120359")
    service.sign_in(member.id, "69120358")

    def broken(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(service.tables, "set_pin", broken)
    with pytest.raises(StaffRequestError):
        service.reset_pin(admin, member.id, "55443322")
    assert caplog.records  # the storage failure was logged ...
    for text in ("69120358", "69120359", "55443322"):  # ... without any PIN
        assert text not in caplog.text
