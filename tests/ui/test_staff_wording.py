"""Every staff code the screens can meet has words, and staff mode's timer (no display)."""

from __future__ import annotations

from kiosk.staff.api import AUDIT_ACTIONS, PATIENT_FILTERS, SIGN_OUT_REASONS, Problem, SignInResult
from kiosk.staff.settings import SETTINGS_KEYS
from kiosk.ui import wording
from kiosk.ui.staff_mode import StaffMode


def test_every_code_has_words():
    assert set(AUDIT_ACTIONS) <= set(wording.AUDIT_ACTION_WORDS)
    assert {str(p) for p in Problem} <= set(wording.PROBLEM_WORDS)
    assert set(SETTINGS_KEYS) <= set(wording.SETTING_WORDS)
    assert set(PATIENT_FILTERS) <= set(wording.PATIENT_FILTER_WORDS)
    assert set(SIGN_OUT_REASONS) <= set(wording.SIGN_OUT_WORDS)
    assert {str(r) for r in SignInResult if r is not SignInResult.OK} <= set(
        wording.SIGN_IN_WORDS)


def test_refusals_in_words():
    text = wording.problems_text({"clinic_id": Problem.DUPLICATE, "": Problem.STORAGE},
                                 {"clinic_id": "Clinic ID"})
    assert text.splitlines() == ["Clinic ID: This is already in use.",
                                 wording.PROBLEM_WORDS["storage"]]


def test_lock_and_tries_in_words():
    assert wording.locked_text(59) == "Too many wrong PINs: locked for 59 more seconds."
    assert wording.locked_text(61) == "Too many wrong PINs: locked for 2 more minutes."
    assert wording.tries_left_text(1) == "Wrong PIN. 4 tries left before a lock."
    assert wording.tries_left_text(4) == "Wrong PIN. 1 try left before a lock."


def test_staff_mode_ends_after_its_timeout_without_a_touch():
    now = [100.0]
    mode = StaffMode(120.0, clock=lambda: now[0])
    assert not mode.expired()  # nobody signed in: nothing to end
    from kiosk.staff.api import StaffMember

    mode.begin(StaffMember("1", "Ada", "admin"))
    generation = mode.generation
    now[0] += 119.0
    assert not mode.expired()
    mode.touch()
    now[0] += 119.0
    assert not mode.expired()
    now[0] += 1.0
    assert mode.expired()
    assert mode.end().name == "Ada" and not mode.signed_in
    assert mode.generation != generation  # answers for the old sign-in are dropped
