"""Staff accounts by touch (admin adds and removes), and the audit log screen's filters."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui

NEW_NAME, NEW_PIN = "Sørina Ñandú", "55501234"
SECOND_PIN = "66602222"


def test_admin_adds_a_member_who_can_sign_in_then_removes_them(staff):
    k = staff.k
    service = staff.service
    staff.sign_in()
    staff.tap_text("Staff accounts")
    k.wait_screen("staff_accounts", 5)
    staff.idle()
    screen = k.screen()
    staff.fill(screen.ids.name_field, NEW_NAME)
    staff.fill(screen.ids.pin_field, NEW_PIN)
    assert screen.ids.pin_field.ids.value_button.text == "●" * len(NEW_PIN)
    staff.fill(screen.ids.pin_again_field, "55501235")
    staff.tap(screen.ids.add_button)
    staff.idle()
    assert screen.ids.pin_again_field.error == "The two PINs differ."
    assert NEW_NAME not in {m.name for m in service.accounts.members()}
    staff.fill(screen.ids.pin_again_field, NEW_PIN)
    staff.tap(screen.ids.add_button)
    staff.idle()
    assert screen.message == f"Added {NEW_NAME}."
    assert NEW_NAME in {m.name for m in service.accounts.members()}

    # They forgot it at once: the admin gives them a new one (typed twice, as dots).
    member = next(m for m in service.accounts.members() if m.name == NEW_NAME)
    row = staff.find_all(lambda w: getattr(w, "member_id", None) == member.id)[0]
    staff.tap(row.children[1])  # "New PIN"
    assert staff.entry().secret
    staff.type_text(SECOND_PIN)
    staff.type_text(SECOND_PIN)
    staff.idle()
    assert screen.message == f"New PIN set for {NEW_NAME}."

    staff.tap_text("Sign out")
    k.wait_screen("home", 5)
    staff.open_sign_in()
    assert "Wrong PIN" in staff.try_pin(NEW_NAME, NEW_PIN)  # the old one no longer works
    staff.k.controller.go_home()
    staff.k.pump(2)
    staff.sign_in(NEW_NAME, SECOND_PIN)
    assert k.controller.staff.member.role == "staff"
    staff.tap_text("Sign out")
    k.wait_screen("home", 5)

    staff.sign_in()
    staff.tap_text("Staff accounts")
    k.wait_screen("staff_accounts", 5)
    staff.idle()
    member = next(m for m in service.accounts.members() if m.name == NEW_NAME)
    remove = staff.find_all(lambda w: getattr(w, "member_id", None) == member.id)[0]
    button = remove.children[0]
    staff.tap(button)
    assert "Tap Remove again" in screen.message
    assert NEW_NAME in {m.name for m in service.accounts.members()}
    staff.tap(button)
    staff.idle()
    assert NEW_NAME not in {m.name for m in service.accounts.members()}
    actions = [e.action for e in service.audit.entries(actor="Ada Ádmin", limit=30)]
    assert {"add_staff", "reset_pin", "remove_staff"} <= set(actions)


def test_a_short_pin_is_refused_with_the_reason(staff):
    k = staff.k
    staff.sign_in()
    staff.tap_text("Staff accounts")
    k.wait_screen("staff_accounts", 5)
    staff.idle()
    screen = k.screen()
    staff.fill(screen.ids.name_field, "Short Pin")
    staff.fill(screen.ids.pin_field, "123")
    staff.fill(screen.ids.pin_again_field, "123")
    staff.tap(screen.ids.add_button)
    staff.idle()
    assert screen.ids.pin_field.error == "A PIN has 6 to 12 digits."
    assert "Short Pin" not in {m.name for m in staff.service.accounts.members()}


def test_audit_log_filters_by_person(staff):
    k = staff.k
    staff.sign_in("Pia Physio", "7305118264")
    staff.tap_text("Sign out")
    k.wait_screen("home", 5)
    staff.sign_in()
    staff.tap_text("Audit log")
    k.wait_screen("staff_audit", 5)
    staff.idle()
    screen = k.screen()
    assert screen.rows and "Signed in" in screen.rows[0]["text"]
    assert any("Pia Physio" in r["text"] for r in screen.rows)
    staff.tap(staff.button("Pia Physio"))
    staff.idle()
    assert screen.rows and all("Pia Physio" in r["text"] for r in screen.rows)
    staff.tap(staff.button("Today"))
    staff.idle()
    assert all("Pia Physio" in r["text"] for r in screen.rows)
