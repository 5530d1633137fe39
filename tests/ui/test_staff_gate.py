"""No staff screen without a PIN: every button of every patient screen is tapped, and
none leads past the PIN pad; asking the controller directly is refused too."""

from __future__ import annotations

import pytest

from kiosk.ui.screens import SCREENS
from kiosk.ui.screens.staff import OPEN_STAFF_SCREEN, STAFF_SCREENS

pytestmark = pytest.mark.ui

PATIENT_SCREENS = [name for name in SCREENS if name not in STAFF_SCREENS]


def visible_buttons(staff, screen) -> list:
    from kivy.uix.button import ButtonBehavior

    return staff.find_all(lambda w: isinstance(w, ButtonBehavior) and _inside(w, screen))


def _inside(widget, screen) -> bool:
    w = widget
    while w is not None and w.parent is not w:
        if w is screen:
            return True
        w = w.parent
    return False


def show_directly(k, name: str) -> None:
    """Put a patient screen up as the patient would find it."""
    k.controller.go_home()
    k.pump(2)
    if name == "signin":
        k.tap("start_button")
        k.wait_screen("signin", 5)
    elif name == "programme":
        k.to_guest_programme()
    elif name != "home":
        k.controller.show(name)
    k.pump(3)


def assert_no_staff_screen(k, after: str) -> None:
    assert not k.controller.staff.signed_in, after
    current = k.screen_name
    assert current not in STAFF_SCREENS or current == OPEN_STAFF_SCREEN, (after, current)


SESSION_SCREENS = ("calibration", "live", "rest", "summary")


@pytest.mark.parametrize("name", PATIENT_SCREENS)
def test_every_button_of_a_patient_screen_stays_out_of_staff_mode(staff, name, monkeypatch):
    k = staff.k
    if name in SESSION_SCREENS:
        # Without a session the kiosk sends these screens home at the next frame: hold
        # them up (the frame's stage check off) so each button can be tapped.
        monkeypatch.setattr(k.controller, "tick", lambda *_: None)
    show_directly(k, name)
    count = len(visible_buttons(staff, k.screen(name)))
    assert count > 0, name
    for i in range(count):
        show_directly(k, name)
        buttons = visible_buttons(staff, k.screen(name))
        if i >= len(buttons):
            continue
        text = str(buttons[i].text)
        staff.tap(buttons[i])
        k.pump(5)
        assert_no_staff_screen(k, f"{name}: {text!r}")
        if k.screen_name == OPEN_STAFF_SCREEN:
            # The way in: every button of the PIN screen without a PIN stays out too.
            signin = k.screen()
            k.run_until(lambda s=signin: bool(s.rows), 10, "the staff list")
            k.pump(2)
            for button in visible_buttons(staff, signin):
                if k.screen_name != OPEN_STAFF_SCREEN:
                    break
                staff.tap(button)
                staff.idle()
                assert_no_staff_screen(k, f"{name} -> PIN screen: {button.text!r}")
        k.nobody_on_step()


@pytest.mark.parametrize("name", sorted(set(STAFF_SCREENS) - {OPEN_STAFF_SCREEN}))
def test_asking_for_a_staff_screen_without_a_pin_is_refused(staff, name):
    k = staff.k
    k.controller.show_staff(name, "")
    k.pump(2)
    assert k.screen_name == OPEN_STAFF_SCREEN
    k.controller.show(name)
    k.pump(2)
    assert k.screen_name == OPEN_STAFF_SCREEN
    assert not k.controller.staff.signed_in


def test_signed_out_staff_screens_forget_what_they_showed(staff):
    k = staff.k
    staff.sign_in()
    staff.tap_text("Patients")
    k.wait_screen("staff_patients", 5)
    staff.idle()
    patients = k.screen()
    assert patients.rows
    staff.tap_text("Sign out")
    k.wait_screen("home", 5)
    assert patients.rows == []
