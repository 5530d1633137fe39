"""Sign-in at a shared kiosk: no names to whoever walks up; a card (its reader types like
a keyboard: tested as key events) or the clinic ID and code; lockout; guest one tap."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui

CODE = "2468"
CARD = "04A1B2C3D4"


@pytest.fixture
def credentials(kiosk):
    """Carla (prescribed) has a code, Bernd a card; removed again after the test."""
    from kiosk.staff import pins
    from kiosk.storage.patient_sign_in import SignInTables

    store = kiosk.store
    ids = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM patients")}
    rows = SignInTables(store)
    from kiosk.staff.identity import card_hash

    rows.set_code(ids["Carla Jensen"], pins.hash_code(CODE, pins.ScryptCost(n=2**8, r=8)), "t")
    rows.set_card(ids["Bernd Huber"], card_hash(CARD), "t")
    yield ids
    store.db.execute("DELETE FROM patient_sign_in")


def _key(k, key):
    from kiosk.ui.touch import tap

    grid = k.screen().ids["keyboard"]
    tap(next(b for b in grid.children if b.text == key))
    k.pump(2)


def _type_id_and_code(k, clinic_id: str, code: str) -> None:
    signin = k.screen("signin")
    for ch in clinic_id:
        if (ch.isdigit() or ch == "-") != signin.digits_mode:
            k.tap("digits_button")
        _key(k, ch)
    k.tap("next_button")
    assert signin.stage == "code"
    for ch in code:
        _key(k, ch)
    k.tap("next_button")


def _reader_types(k, token: str) -> None:
    """What a USB card reader does: one text event per character, then Enter."""
    from kivy.core.window import Window

    for ch in token:
        Window.dispatch("on_textinput", ch)
    Window.dispatch("on_key_down", 13, 40, "\r", [])
    Window.dispatch("on_key_up", 13, 40)
    k.pump(2)


def _texts_on_screen(k) -> str:
    from kivy.core.window import Window

    from tests.ui.conftest import _shown, _widgets

    return " ".join(str(getattr(w, "text", "")) for top in Window.children
                    for w in _widgets(top) if _shown(w))


def test_no_names_are_shown_to_whoever_taps_start(at_home, credentials):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    k.pump(5)
    shown = _texts_on_screen(k)
    for name in ("Anna", "Bernd", "Carla", "David", "C-1042", "C-0981"):
        assert name not in shown


def test_clinic_id_and_code_show_the_patients_own_prescription(at_home, credentials):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    _type_id_and_code(k, "C0981", CODE)  # no dash: matched all the same
    k.wait_screen("programme", 10)
    programme = k.screen("programme")
    k.run_until(lambda: programme.prescribed, 5, "the prescription")
    assert programme.who == "Carla Jensen"
    assert programme.current_programme().position == "sitting"
    # Back twice: the next person starts from a clean sign-in screen.
    k.tap("back_button")
    k.wait_screen("signin", 5)
    signin = k.screen()
    assert signin.clinic_id == "" and signin.code == "" and signin.stage == "id"
    k.tap("back_button")
    k.wait_screen("home", 5)


def test_a_wrong_code_says_so_and_keeps_the_id(at_home, credentials):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    signin = k.screen()
    _type_id_and_code(k, "C-0981", "1111")
    k.run_until(lambda: not signin.checking and signin.message, 10, "the answer")
    assert "do not match" in signin.message and k.screen_name == "signin"
    assert signin.code == "" and signin.clinic_id == "C-0981"
    assert "Carla" not in _texts_on_screen(k)


def test_five_wrong_codes_lock_and_say_ask_staff(at_home, credentials):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    signin = k.screen()
    for _ in range(5):
        _type_id_and_code(k, "C-0981" if not signin.clinic_id else "", "0000")
        k.run_until(lambda: not signin.checking and signin.message, 10, "the answer")
        if signin.stage == "code":
            k.tap("back_button")
    assert "Too many tries" in signin.message and "ask staff" in signin.message
    # The right code does not open it while locked.
    _type_id_and_code(k, "", CODE)
    k.run_until(lambda: not signin.checking and signin.message, 10, "the answer")
    assert "Too many tries" in signin.message and k.screen_name == "signin"
    actions = [r["action"] for r in k.store.query(
        "SELECT action FROM audit_log WHERE actor = 'kiosk'")]
    assert "patient_code_locked" in actions


def test_a_card_signs_in_from_home_without_a_tap(at_home, credentials):
    k = at_home
    _reader_types(k, CARD.lower())
    k.wait_screen("programme", 10)
    assert k.screen("programme").who == "Bernd Huber"


def test_an_unknown_card_says_ask_staff(at_home, credentials):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    signin = k.screen()
    _reader_types(k, "FFFF0000")
    k.run_until(lambda: not signin.checking and signin.message, 10, "the answer")
    assert "not known here" in signin.message and k.screen_name == "signin"


def test_guest_stays_one_tap(at_home):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    k.tap("guest_button")
    k.wait_screen("programme", 5)
    assert k.screen("programme").who == "Guest"


def test_the_patients_body_mass_reaches_the_heel_rise_test(tmp_path):
    """The directory carries each patient's body mass, for the heel-rise test's work."""
    from kiosk.session.directory import StoreDirectory
    from kiosk.storage.store import Store

    with Store(tmp_path / "smartstep.db") as store:
        known = store.add_patient("Mass Known", "C-1")
        store.update_patient(known, body_mass_kg=81.5)
        store.add_patient("Mass Unknown", "C-2")
        directory = StoreDirectory(store)
        assert directory.patient(known).body_mass_kg == 81.5
        entries = {e.name: e for e in directory.patients()}
    assert entries["Mass Unknown"].body_mass_kg is None


def _open_patient(staff, name: str):
    k = staff.k
    staff.sign_in()
    pid = k.store.query("SELECT id FROM patients WHERE name = ?", [name])[0]["id"]
    k.controller.show_staff("staff_patient", pid)
    k.wait_screen("staff_patient", 5)
    staff.idle()
    return k.screen(), pid


def test_staff_set_a_code_and_a_card_that_then_sign_the_patient_in(staff):
    k = staff.k
    page, _pid = _open_patient(staff, "Anna Berger")
    assert not page.has_code and not page.has_card
    staff.tap(page.ids.code_button)
    staff.type_text("1357")
    staff.idle()
    assert page.has_code and "Code set" in page.message
    staff.tap(page.ids.card_button)
    assert page.waiting_for_card and "Hold the patient's card" in page.message
    _reader_types(k, "0A0B0C0D")
    staff.idle()
    assert page.has_card and "Card registered" in page.message
    assert k.screen_name == "staff_patient"  # registering did not sign anybody in
    actions = {r["action"] for r in k.store.query("SELECT action FROM audit_log")}
    assert {"set_sign_in_code", "set_sign_in_card"} <= actions
    staff.tap_text("Sign out")
    k.wait_screen("home", 5)
    _reader_types(k, "0A0B0C0D")
    k.wait_screen("programme", 10)
    assert k.screen("programme").who == "Anna Berger"
    k.controller.go_home()
    k.tap("start_button")
    k.wait_screen("signin", 5)
    _type_id_and_code(k, "C-1042", "1357")
    k.wait_screen("programme", 10)
    assert k.screen("programme").who == "Anna Berger"
    k.store.db.execute("DELETE FROM patient_sign_in")


def test_staff_start_a_session_for_the_patient_and_leave_staff_mode(staff):
    k = staff.k
    page, _pid = _open_patient(staff, "Carla Jensen")
    staff.tap(page.ids.start_for_button)
    k.wait_screen("programme", 10)
    programme = k.screen("programme")
    k.run_until(lambda: programme.prescribed, 5, "the prescription")
    assert programme.who == "Carla Jensen" and not k.controller.staff.signed_in
