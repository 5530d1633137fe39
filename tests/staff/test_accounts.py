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
    member = service.accounts.add(admin, "  Zoë   Müller-Øst ", "staff", "556677")
    assert member.name == "Zoë Müller-Øst"
    assert [m.name for m in service.accounts.members()] == ["Ada Admin", "Zoë Müller-Øst"]
    service.accounts.remove(admin, member.id)
    assert [m.name for m in service.accounts.members()] == ["Ada Admin"]
    actions = [(e.action, e.target) for e in service.audit.entries(actor="Ada Admin")]
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
    assert _problems(service.accounts.add, admin, name, role, pin) == expected
    assert len(service.accounts.members()) == 1


def test_staff_may_not_manage_accounts_or_settings(service, admin, physio):
    assert _problems(service.accounts.add, physio, "New", "staff", "556677") == {
        "": Problem.NOT_ALLOWED}
    assert _problems(service.accounts.remove, physio, admin.id) == {"": Problem.NOT_ALLOWED}
    assert _problems(service.settings.save, physio, {"lights.volume": 0.1}) == {
        "": Problem.NOT_ALLOWED}


def test_a_forged_role_does_not_help(service, admin, physio):
    forged = dataclasses.replace(physio, role="admin")
    assert _problems(service.accounts.add, forged, "New", "staff", "556677") == {
        "": Problem.NOT_ALLOWED}


def test_requests_need_a_signed_in_member(service, admin):
    service.accounts.sign_out(admin, "timeout")
    assert _problems(service.accounts.add, admin, "New", "staff", "556677") == {
        "": Problem.NOT_ALLOWED}
    stranger = StaffMember("made-up", "Mallory", "admin")
    assert _problems(service.patients.archive, stranger, "x") == {"": Problem.NOT_ALLOWED}
    assert service.audit.entries(actor="Ada Admin")[0].action == "sign_out"
    assert service.audit.entries(actor="Ada Admin")[0].detail == "reason=timeout"


def test_last_admin_cannot_be_removed(service, admin):
    assert _problems(service.accounts.remove, admin, admin.id) == {"": Problem.LAST_ADMIN}
    second = service.accounts.add(admin, "Second Admin", "admin", "919191")
    service.accounts.remove(admin, second.id)
    with pytest.raises(StaffRequestError):
        service.console.remove("Ada Admin")


def test_removed_member_is_signed_out_and_name_can_return(service, admin, physio):
    service.accounts.remove(admin, physio.id)
    assert not service.accounts.is_signed_in(physio)
    again = service.accounts.add(admin, "Pia Physio", "staff", "202020")
    assert again.id != physio.id
    assert service.accounts.sign_in(again.id, "202020").result is SignInResult.OK


def test_pin_is_nowhere_in_the_database_files(service, admin, db_path, store):
    pin = "804217369512"
    member = service.accounts.add(admin, "Secret Keeper", "staff", pin)
    service.accounts.sign_in(member.id, "804217369599")
    service.accounts.sign_in(member.id, pin)
    service.console.reset_pin("Secret Keeper", "771133")
    store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    for file in db_path.parent.iterdir():
        assert pin.encode() not in file.read_bytes(), file
    listed = str(service.console.accounts())
    assert "scrypt" not in listed and pin not in listed


def test_admin_resets_a_forgotten_pin_and_lifts_the_lock(service, admin, physio):
    for _ in range(5):
        service.accounts.sign_in(physio.id, "000000")
    assert service.accounts.sign_in(physio.id, "7305118264").result is SignInResult.LOCKED
    assert _problems(service.accounts.reset_pin, admin, physio.id, "12") == {
        "pin": Problem.PIN_FORMAT}
    service.accounts.reset_pin(admin, physio.id, "313131")
    assert service.accounts.sign_in(physio.id, "313131").result is SignInResult.OK
    assert _problems(service.accounts.reset_pin, physio, admin.id, "414141") == {
        "": Problem.NOT_ALLOWED}
    assert service.audit.entries(actor="Ada Admin")[0].action == "reset_pin"


def test_pin_is_never_logged(service, admin, caplog, monkeypatch):
    import logging
    import sqlite3

    caplog.set_level(logging.DEBUG)
    member = service.accounts.add(admin, "Quiet", "staff", "69120358")
    service.accounts.sign_in(member.id, "69120359")
    service.accounts.sign_in(member.id, "69120358")

    def broken(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(service.accounts.rows, "set_pin", broken)
    with pytest.raises(StaffRequestError):
        service.accounts.reset_pin(admin, member.id, "55443322")
    assert caplog.records  # the storage failure was logged ...
    for text in ("69120358", "69120359", "55443322"):  # ... without any PIN
        assert text not in caplog.text
