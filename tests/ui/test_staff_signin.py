"""Staff sign-in by touch: the way in from home, the PIN pad, the lock after five wrong
PINs (kept over a restart, in the audit log), and staff mode ending by itself."""

from __future__ import annotations

import contextlib

import pytest

from kiosk.staff.api import SignInResult

pytestmark = pytest.mark.ui

LOCK_NAME, LOCK_PIN = "Lou Lockéd", "918273"


def actions(service, actor: str) -> list[str]:
    return [e.action for e in service.audit.entries(actor=actor, limit=50)]


def test_staff_button_then_name_and_pin_open_the_hub(staff):
    k = staff.k
    staff.sign_in("Ada Ádmin", "482916")
    assert k.controller.staff.member.name == "Ada Ádmin"
    # The admin sees every hub entry, patients first.
    for label in ("Patients", "Audit log", "Settings", "Staff accounts"):
        assert staff.has_button(label)
    assert actions(staff.service, "Ada Ádmin")[0] == "sign_in"
    staff.tap_text("Sign out")
    k.wait_screen("home", 5)
    assert not k.controller.staff.signed_in


def test_staff_member_sees_no_admin_entries(staff):
    staff.sign_in("Pia Physio", "7305118264")
    assert staff.has_button("Patients")
    assert not staff.has_button("Settings")
    assert not staff.has_button("Staff accounts")
    # Not by the hub, and not by asking the controller either.
    staff.k.controller.show_staff("staff_settings")
    staff.k.pump(2)
    assert staff.k.screen_name == "staff_home"


def test_wrong_pin_says_so_and_stays(staff):
    staff.open_sign_in()
    message = staff.try_pin("Pia Physio", "000000")
    assert "Wrong PIN" in message
    assert staff.k.screen_name == "staff_signin"
    assert staff.k.screen().ids.pin_pad.pin == ""  # the digits are gone from the pad
    # The right PIN still works after one wrong one.
    staff.try_pin("Pia Physio", "7305118264")
    staff.k.wait_screen("staff_home", 5)


def test_five_wrong_pins_lock_the_account_even_after_a_restart(staff, kiosk):
    from kiosk.staff.service import build_staff_services
    from kiosk.storage.store import Store

    service = staff.service
    if LOCK_NAME not in {m.name for m in service.accounts.members()}:
        service.console.add(LOCK_NAME, "staff", LOCK_PIN)
    staff.open_sign_in()
    messages = [staff.try_pin(LOCK_NAME, "111111") for _ in range(5)]
    assert "4 tries left" in messages[0]
    assert "locked for" in messages[-1]
    pad = staff.k.screen().ids.pin_pad
    assert pad.locked and all(b.disabled for b in pad.key_buttons.values())
    assert "locked" in actions(service, LOCK_NAME)
    assert actions(service, LOCK_NAME).count("sign_in_failed") >= 4

    # A restart: a new service on the same database file knows nothing in memory.
    services = kiosk.parts.services
    with contextlib.closing(Store(kiosk.store.path)) as store:
        restarted = build_staff_services(store, service.config)
        services.staff = restarted
        try:
            staff.k.controller.go_home()
            staff.k.pump(2)
            staff.open_sign_in()
            message = staff.try_pin(LOCK_NAME, LOCK_PIN)  # the right PIN, but locked
            assert "locked for" in message
            assert staff.k.screen_name == "staff_signin"
            member = next(m for m in restarted.accounts.members() if m.name == LOCK_NAME)
            assert restarted.accounts.sign_in(member.id, LOCK_PIN).result is SignInResult.LOCKED
        finally:
            services.staff = service
            staff.k.controller.go_home()
            staff.k.pump(2)


def test_two_minutes_without_a_touch_sign_out(staff):
    k = staff.k
    staff.sign_in()
    staff.tap_text("Patients")
    k.wait_screen("staff_patients", 5)
    k.controller.staff.timeout_s = 1.0
    k.controller.activity()
    k.wait_screen("home", 5)
    assert not k.controller.staff.signed_in
    staff.idle()
    entries = staff.service.audit.entries(actor="Ada Ádmin", limit=5)
    assert entries[0].action == "sign_out" and "timeout" in entries[0].detail


def test_touches_keep_staff_mode_open(staff):
    k = staff.k
    staff.sign_in()
    k.controller.staff.timeout_s = 1.5
    for _ in range(4):
        k.wait_seconds(0.5)
        staff.tap_text("Patients") if k.screen_name == "staff_home" else staff.tap_text("Back")
    assert k.controller.staff.signed_in


def test_stepping_on_signs_staff_out_and_greets_the_patient(staff):
    k = staff.k
    staff.sign_in()
    k.control.step_on()
    k.wait_screen("signin", 10)
    assert not k.controller.staff.signed_in
    k.control.step_off()


def test_sign_out_closes_an_open_keyboard_and_forgets_the_form(staff):
    k = staff.k
    staff.sign_in()
    staff.tap_text("Patients")
    k.wait_screen("staff_patients", 5)
    staff.idle()
    staff.tap(k.screen().ids.add_button)
    k.wait_screen("staff_patient_edit", 5)
    form = k.screen()
    staff.fill(form.ids.name_field, "Half Typed")
    staff.tap(form.ids.notes_field.ids.value_button)
    assert staff.entry() is not None  # the keyboard is open over the form
    k.controller.staff.timeout_s = 1.0
    k.wait_screen("home", 5)
    k.pump(2)
    assert k.controller.overlays == []
    assert staff.find_all(lambda w: type(w).__name__ == "TextEntry") == []
    assert form.ids.name_field.value == ""
