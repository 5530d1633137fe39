"""Settings by touch (admin): a bad value refused with a message under it, a good one
saved, and still there after a restart; "Reset to default"."""

from __future__ import annotations

import contextlib

import pytest

pytestmark = pytest.mark.ui

KEY = "session.idle_timeout_s"


def open_settings(staff) -> None:
    staff.sign_in()
    staff.tap_text("Settings")
    staff.k.wait_screen("staff_settings", 5)
    staff.idle()


def test_bad_value_refused_good_value_saved_and_kept_over_a_restart(staff, kiosk):
    from kiosk.staff.service import build_staff_services
    from kiosk.storage.store import Store

    k = staff.k
    service = staff.service
    before = service.settings.values().values[KEY]
    default = service.settings.values().defaults[KEY]
    open_settings(staff)
    screen = k.screen()
    editor = screen.rows[KEY].editor
    staff.fill(editor, "5")  # the config allows 10 to 3600 s
    staff.tap(screen.ids.save_button)
    staff.idle()
    assert editor.error == "This is outside the allowed range."
    assert screen.message.startswith("Not saved") and screen.message_is_error
    assert service.settings.values().values[KEY] == before

    staff.fill(editor, "1.2.3")  # not a number at all: refused before asking the service
    staff.tap(screen.ids.save_button)
    staff.idle()
    assert editor.error == "This value is not allowed."

    staff.fill(editor, "45")
    staff.tap(screen.ids.save_button)
    staff.idle()
    assert screen.message.startswith("Saved 1 setting")
    assert service.settings.values().values[KEY] == 45.0
    entries = service.audit.entries(actor="Ada Ádmin", limit=5)
    assert "change_settings" in [e.action for e in entries]

    # A restart: a new service on the same database; the screen shows the saved value.
    services = kiosk.parts.services
    try:
        with contextlib.closing(Store(kiosk.store.path)) as store:
            restarted = build_staff_services(store, service.settings.file_config)
            assert restarted.config.session.idle_timeout_s == 45.0
            services.staff = restarted
            k.controller.go_home()
            k.pump(2)
            open_settings(staff)
            editor = k.screen().rows[KEY].editor
            assert editor.value == "45"
            staff.tap(k.screen().rows[KEY].ids.default_button)
            assert editor.value == f"{default:g}"
            # Back to the value the other tests expect.
            restarted.settings.save(k.controller.staff.member, {KEY: before})
            k.controller.go_home()
            k.pump(2)
    finally:
        services.staff = service


def test_a_choice_setting_is_buttons(staff):
    open_settings(staff)
    row = staff.k.screen().rows["session.pacing_mode"]
    assert hasattr(row.editor, "selected")
    assert {c for c, _ in row.editor.choices} == {"adaptive", "lead"}


def test_sound_and_light_settings_apply_without_a_restart(staff):
    hardware = staff.k.parts.services.technician.hardware
    before = {"lights.brightness": hardware.lights.brightness,
                     "lights.volume": hardware.beeper.volume, "lights.mute": hardware.beeper.mute}
    staff.sign_in()
    member = staff.k.controller.staff.member
    try:
        staff.service.settings.save(member, {"lights.brightness": 0.3, "lights.volume": 0.25,
                                             "lights.mute": True})
        assert hardware.lights.brightness == 0.3
        assert hardware.beeper.volume == 0.25 and hardware.beeper.mute
    finally:
        staff.service.settings.save(member, before)
    assert hardware.lights.brightness == before["lights.brightness"]


def test_each_range_is_shown_once(staff):
    open_settings(staff)
    screen = staff.k.screen()
    ranges = staff.service.settings.values().ranges
    assert "lights.brightness" in ranges
    for key, (low, high) in ranges.items():
        label = screen.rows[key].label
        assert label.count(f"{low:g} to {high:g}") == 1, label


def test_not_saved_goes_when_the_refused_setting_is_reset(staff):
    open_settings(staff)
    screen = staff.k.screen()
    row = screen.rows[KEY]
    staff.fill(row.editor, "5")
    staff.tap(screen.ids.save_button)
    staff.idle()
    assert screen.message.startswith("Not saved") and row.editor.error
    staff.tap(row.ids.default_button)
    assert not row.editor.error
    assert screen.message == ""


def test_a_refused_setting_is_one_info_line_without_a_traceback(staff):
    import logging

    open_settings(staff)
    screen = staff.k.screen()
    records: list[logging.LogRecord] = []
    catcher = logging.Handler(logging.DEBUG)
    catcher.emit = records.append  # type: ignore[method-assign]
    root = logging.getLogger()
    root.addHandler(catcher)
    try:
        staff.fill(screen.rows[KEY].editor, "5")
        staff.tap(screen.ids.save_button)
        staff.idle()
    finally:
        root.removeHandler(catcher)
    assert screen.rows[KEY].editor.error == "This is outside the allowed range."
    kiosk_lines = [r for r in records if r.name.startswith("kiosk")]
    assert not [r for r in kiosk_lines if r.levelno >= logging.ERROR or r.exc_info]
    assert len([r for r in kiosk_lines if r.levelno >= logging.INFO]) <= 1


def test_a_saved_clinic_name_is_on_the_next_report_at_once(staff):
    review = staff.k.parts.services.review
    staff.sign_in()
    member = staff.k.controller.staff.member
    try:
        staff.service.settings.save(member, {"clinic_name": "Physio am Stadtpark"})
        assert review.clinic_name == "Physio am Stadtpark"
    finally:
        staff.service.settings.save(member, {"clinic_name": ""})
    assert review.clinic_name == ""
