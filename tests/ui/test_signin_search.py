"""Sign-in by on-screen letters; a patient sees their own prescription and nobody else's data."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def _key(k, letter):
    from kiosk.ui.touch import tap

    grid = k.screen().ids["keyboard"]
    button = next(b for b in grid.children if b.text == letter)
    tap(button)
    k.pump(2)


def test_search_and_pick_prescribed_patient(at_home):
    from kiosk.ui.touch import tap

    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    signin = k.screen()
    k.run_until(lambda: len(signin.rows) == 4, 5, "the patient list")
    for letter in "CAR":
        _key(k, letter)
    assert signin.query == "CAR"
    assert [r["patient_id"] for r in signin.rows] and len(signin.rows) == 1
    assert signin.rows[0]["text"].startswith("Carla Jensen")
    k.pump(3)
    rows = [w for w in signin.ids["patient_list"].children[0].children]
    tap(rows[0])
    k.pump(2)
    k.wait_screen("programme", 5)
    programme = k.screen("programme")
    k.run_until(lambda: programme.prescribed, 5, "the prescription")
    assert programme.who == "Carla Jensen"
    assert programme.current_programme().position == "sitting"
    assert programme.ids["choices"].disabled  # staff set it: no changing it here
    # Back, then home: the next person starts from a clean sign-in screen.
    k.tap("back_button")
    k.wait_screen("signin", 5)
    k.tap("back_button")
    k.wait_screen("home", 5)
    assert signin.query == "" and signin.rows == []
    assert programme.who == "" and not programme.prescribed


def test_search_by_clinic_id_digits(at_home):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    signin = k.screen()
    k.run_until(lambda: len(signin.rows) == 4, 5, "the patient list")
    k.tap("digits_button")
    for digit in "110":
        _key(k, digit)
    assert [r["text"].split("\n")[0] for r in signin.rows] == ["Bernd Huber"]
    k.tap("backspace_button")
    assert signin.query == "11"


def test_the_patients_body_mass_reaches_the_heel_rise_test(tmp_path):
    """The sign-in list carries each patient's body mass, for the heel-rise test's work."""
    from kiosk.session.directory import StoreDirectory
    from kiosk.storage.store import Store

    with Store(tmp_path / "smartstep.db") as store:
        known = store.add_patient("Mass Known", "C-1")
        store.update_patient(known, body_mass_kg=81.5)
        store.add_patient("Mass Unknown", "C-2")
        entries = {e.name: e for e in StoreDirectory(store).patients()}
    assert entries["Mass Known"].body_mass_kg == 81.5
    assert entries["Mass Unknown"].body_mass_kg is None
