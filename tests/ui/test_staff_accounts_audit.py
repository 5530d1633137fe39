"""Staff accounts by touch (admin adds and removes), and the audit log screen's filters."""

from __future__ import annotations

import re
from datetime import datetime

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
    assert screen.ids.pin_field.ids.value_button.text == "\u2022" * len(NEW_PIN)
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


def _open_audit(staff):
    staff.tap_text("Audit log")
    staff.k.wait_screen("staff_audit", 5)
    staff.idle()
    return staff.k.screen()


def _choose(staff, button, text: str) -> None:
    """Open one filter's choices and tap one."""
    staff.tap(button)
    staff.tap(staff.button(text))
    staff.idle()


def _old_entry(store, actor: str, days: int) -> None:
    from datetime import UTC, datetime, timedelta

    from kiosk.storage.ids import iso_utc

    store.audit(actor, "add_patient", None, None, {"name": "Olga Older"})
    at = iso_utc(datetime.now(UTC) - timedelta(days=days))
    with store.transaction() as db:
        db.execute("UPDATE audit_log SET at = ? WHERE actor = ?", [at, actor])


def test_audit_log_filters_by_person_action_and_date(staff):
    k = staff.k
    _old_entry(k.store, "Old Timer", days=40)
    staff.sign_in("Pia Physio", "7305118264")
    staff.tap_text("Sign out")
    k.wait_screen("home", 5)
    staff.sign_in()
    screen = _open_audit(staff)
    assert screen.rows and "Signed in" in screen.rows[0]["text"]
    assert any(e.actor == "Pia Physio" for e in screen.entries)
    assert not any(e.actor == "Old Timer" for e in screen.entries)  # 7 days by default

    _choose(staff, screen.ids.person_button, "Pia Physio")
    assert screen.entries and {e.actor for e in screen.entries} == {"Pia Physio"}
    assert screen.ids.person_button.text == "Who: Pia Physio"
    _choose(staff, screen.ids.person_button, "Everyone")

    _choose(staff, screen.ids.action_button, "Signed in")
    assert {e.action for e in screen.entries} == {"sign_in"}
    assert {"Pia Physio", "Ada Ádmin"} <= {e.actor for e in screen.entries}
    _choose(staff, screen.ids.action_button, "All actions")

    _choose(staff, screen.ids.period_button, "All dates")
    assert any(e.actor == "Old Timer" for e in screen.entries)
    _choose(staff, screen.ids.period_button, "30 days")
    assert not any(e.actor == "Old Timer" for e in screen.entries)
    _choose(staff, screen.ids.period_button, "Today")
    today = datetime.now().astimezone().date()
    assert screen.entries and all(e.at.astimezone().date() == today for e in screen.entries)


def test_audit_log_fills_the_screen_with_readable_entries(staff):
    """At 800x480 the entries get the screen below one row of filters (here above the
    simulated step's key help), each readable: the setting changed in words, no record
    ids, and the whole entry on a tap."""
    from kivy.core.window import Window

    k = staff.k
    staff.sign_in()
    member = k.controller.staff.member
    before = staff.service.settings.values().values["session.idle_timeout_s"]
    staff.service.settings.save(member, {"session.idle_timeout_s": 45.0})
    staff.service.settings.save(member, {"session.idle_timeout_s": before})
    assert tuple(Window.size) == (800, 480)
    screen = _open_audit(staff)
    assert len(screen.entries) >= 8
    view = screen.ids.entry_list
    top, bottom = view.to_window(view.x, view.top)[1], view.to_window(view.x, view.y)[1]
    rows = staff.find_all(lambda w: type(w).__name__ == "AuditRow")
    whole = [r for r in rows if bottom - 1 <= r.to_window(r.x, r.y)[1]
             and r.to_window(r.x, r.top)[1] <= top + 1]
    pitch = rows[0].height + screen.ids.entry_list.children[0].spacing
    assert len(whole) >= max(4, int(view.height // pitch)), f"{len(whole)} entries in view"
    filters = screen.ids.person_button
    assert filters.to_window(filters.x, filters.y)[1] - top < 30  # right under the filters

    change = next(r for r in screen.rows if "Changed settings" in r["text"])
    assert re.search(r"Idle timeout \(s\): (45 \(was \d+\)|\d+ \(was 45\))", change["text"])
    assert "session.idle_timeout_s" not in change["text"]
    prescribed = [r["text"] for r in screen.rows if "Prescribed" in r["text"]]
    assert prescribed and not any("patient_id" in t or "mode=" in t for t in prescribed)

    row = next(r for r in whole if "Changed settings" in r.text)
    staff.tap(row)
    label = staff.find_all(lambda w: w.__class__.__name__ == "AutoLabel"
                           and "Changed settings" in str(getattr(w, "text", "")))
    assert label and "By: Ada Ádmin" in label[0].text
    assert re.search(r"Idle timeout \(s\): (45 \(was \d+\)|\d+ \(was 45\))$", label[0].text)
    staff.tap(staff.button("Close"))
    assert not staff.find_all(lambda w: type(w).__name__ == "AuditEntryView")
