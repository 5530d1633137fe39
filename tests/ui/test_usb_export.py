"""The USB export screen by touch, on simulated sticks (folders under the sim dir):
a stick appears with its free space, Export shows progress and ends in "Safe to
remove" with a complete export on the stick; a full stick gets its sentence, naming
the stick, and no manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui


@pytest.fixture
def sticks(staff):
    """The kiosk's simulated-stick folder; the sticks made in a test are pulled out after."""
    sync = staff.k.parts.services.sync
    assert sync is not None, "the test kiosk watches simulated sticks"
    # The kiosk's [usb] sim_dir default: <its data dir>/sim-usb.
    root = staff.k.store.data_dir / "sim-usb"
    root.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    yield root, made
    sync.cancel()
    staff.k.run_until(lambda: not sync.busy, 30, "no export running")
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)
    staff.k.run_until(lambda: not any(s.key in {f.name for f in made} for s in sync.sticks()),
                      10, "the test's sticks gone")


def insert(sticks, label: str, settings: dict | None = None) -> Path:
    root, made = sticks
    folder = root / label
    folder.mkdir()
    if settings is not None:
        (folder / ".sim-stick.json").write_text(json.dumps(settings), encoding="utf-8")
    made.append(folder)
    return folder


def open_export(staff):
    staff.sign_in()
    staff.tap_text("USB export")
    staff.k.wait_screen("staff_usb_export", 5)
    staff.idle()
    return staff.k.screen()


def test_export_shows_progress_then_safe_to_remove_and_a_complete_export(staff, sticks):
    k = staff.k
    screen = open_export(staff)
    assert screen.ids.export_button.disabled
    if not staff.k.parts.services.sync.sticks():
        assert screen.sticks_text == "Insert a USB stick."
    folder = insert(sticks, "KINGSTON")
    k.run_until(lambda: "KINGSTON:" in screen.sticks_text and " free" in screen.sticks_text,
                10, "the stick on screen")
    assert not screen.ids.export_button.disabled
    progress_seen: list[str] = []  # every progress line the screen showed

    def watch(_screen, text: str) -> None:
        progress_seen.append(text)

    screen.bind(progress_text=watch)
    try:
        staff.tap(screen.ids.export_button)
        k.run_until(lambda: screen.safe_to_remove or (not screen.running and screen.message),
                    60, "the end of the export")
    finally:
        screen.unbind(progress_text=watch)
    assert screen.safe_to_remove, screen.message
    assert not screen.message_is_error and "Export complete" in screen.message
    assert "Safe to remove KINGSTON." in screen.message
    assert screen.ids.safe_banner.opacity == 1
    assert any("manifest.json" in line for line in progress_seen), progress_seen
    assert any(" of " in line and "MB" in line for line in progress_seen)
    (manifest,) = folder.rglob("manifest.json")
    listed = {entry["name"] for entry in json.loads(manifest.read_text())["files"]}
    assert "smartstep.db" in listed
    for name in listed:
        assert (manifest.parent / name).is_file(), name
    # Ejected: the stick left the kiosk's list, so nothing to export to now.
    k.run_until(lambda: "KINGSTON" not in screen.sticks_text, 5, "the stick gone")
    assert screen.ids.export_button.disabled


def test_a_full_stick_names_the_stick_and_leaves_no_manifest(staff, sticks):
    k = staff.k
    screen = open_export(staff)
    folder = insert(sticks, "TINY", {"capacity_mb": 0.05})
    k.run_until(lambda: "TINY:" in screen.sticks_text and not screen.ids.export_button.disabled,
                10, "the stick on screen")
    staff.tap(screen.ids.full_export_button)
    k.run_until(lambda: not screen.running and screen.message_is_error, 60, "the failure")
    assert screen.message.startswith("TINY is full. Nothing was exported.")
    assert "delete" not in screen.message.lower()
    assert not screen.safe_to_remove and screen.ids.safe_banner.opacity == 0
    assert list(folder.rglob("manifest.json")) == []
    # The stick stays in (not ejected): staff may try another export or take it out.
    assert "TINY:" in screen.sticks_text


def test_report_button_writes_to_an_inserted_stick(staff, sticks):
    from kivy.uix.button import ButtonBehavior

    k = staff.k
    folder = insert(sticks, "REPORTS")
    sync = k.parts.services.sync
    k.run_until(lambda: any(s.key == "REPORTS" for s in sync.sticks()), 10, "the stick")
    staff.sign_in()
    staff.tap_text("Patients")
    k.wait_screen("staff_patients", 5)
    staff.idle()
    rows = staff.find_all(lambda w: isinstance(w, ButtonBehavior)
                          and str(getattr(w, "text", "")).startswith("Anna Berger"))
    staff.tap(rows[0])
    k.wait_screen("staff_patient", 5)
    staff.idle()
    page = k.screen()
    before = len(getattr(page, "reports", []))
    k.tap("report_button")
    k.run_until(lambda: len(getattr(page, "reports", [])) > before or page.message_is_error,
                30, "the report")
    assert not page.message_is_error, page.message
    report = page.reports[-1]
    assert report.path.parent == folder and report.path.read_bytes().startswith(b"%PDF-")
    assert "on the USB stick" in page.message


def _wait_stick(k, screen, label: str) -> None:
    k.run_until(lambda: f"{label}:" in screen.sticks_text and " free" in screen.sticks_text,
                10, f"{label} on screen")


def test_with_two_sticks_staff_choose_which_one_gets_the_export(staff, sticks):
    k = staff.k
    screen = open_export(staff)
    first = insert(sticks, "ALPHA")
    second = insert(sticks, "BRAVO")
    _wait_stick(k, screen, "ALPHA")
    _wait_stick(k, screen, "BRAVO")
    choices = {b.text: b for b in screen.ids.stick_choices.children}
    assert set(choices) == {"Export to ALPHA", "Export to BRAVO"}
    assert [b.text for b in choices.values() if b.selected] == ["Export to ALPHA"]
    staff.tap(choices["Export to BRAVO"])
    staff.idle()
    assert screen.stick_key == "BRAVO"
    assert [b.text for b in screen.ids.stick_choices.children if b.selected] == [
        "Export to BRAVO"]
    staff.tap(screen.ids.export_button)
    k.run_until(lambda: screen.safe_to_remove or (not screen.running and screen.message),
                60, "the end of the export")
    assert screen.safe_to_remove and "Safe to remove BRAVO." in screen.message, screen.message
    assert len(list(second.rglob("manifest.json"))) == 1
    assert list(first.rglob("manifest.json")) == []
    # BRAVO is ejected: one stick left, so no choice to make.
    k.run_until(lambda: "BRAVO" not in screen.sticks_text, 5, "BRAVO gone")
    assert screen.stick_key == "ALPHA" and not screen.ids.stick_choices.children


def test_cancel_in_the_middle_leaves_no_export_that_looks_complete(staff, sticks):
    from kiosk.sync.sim_sticks import STALL

    k = staff.k
    screen = open_export(staff)
    folder = insert(sticks, "SLOW")
    (folder / STALL).touch()  # the stick stalls on its first write of a file
    _wait_stick(k, screen, "SLOW")
    staff.tap(screen.ids.full_export_button)
    k.run_until(lambda: screen.running and "patients.csv" in screen.progress_text, 30,
                "the export held at its first CSV")
    assert screen.ids.cancel_button.text == "Cancel" and not screen.ids.cancel_button.disabled
    staff.tap(screen.ids.cancel_button)
    (folder / STALL).unlink()
    k.run_until(lambda: not screen.running and screen.message, 30, "the export to stop")
    assert screen.message.startswith("Export cancelled. Nothing complete was left on SLOW")
    assert not screen.safe_to_remove and screen.ids.safe_banner.opacity == 0
    assert list(folder.rglob("manifest.json")) == []
    assert [p for p in folder.rglob("*") if p.is_file() and p.name != "last-export.json"] == []
    # Still in and usable: the next export starts cleanly.
    assert "SLOW:" in screen.sticks_text and not screen.ids.export_button.disabled


def test_a_pseudonymised_export_holds_no_names(staff, sticks):
    k = staff.k
    screen = open_export(staff)
    folder = insert(sticks, "RESEARCH")
    _wait_stick(k, screen, "RESEARCH")
    assert not screen.pseudonymise
    staff.tap(screen.ids.pseudonymise_button)
    staff.idle()
    assert screen.pseudonymise and screen.ids.pseudonymise_button.selected
    staff.tap(screen.ids.full_export_button)
    k.run_until(lambda: screen.safe_to_remove or (not screen.running and screen.message),
                60, "the end of the export")
    assert screen.safe_to_remove, screen.message
    (manifest,) = folder.rglob("manifest.json")
    assert json.loads(manifest.read_text())["pseudonymised"] is True
    patients = (manifest.parent / "patients.csv").read_text("utf-8-sig")
    names = [r["name"] for r in k.store.query("SELECT name FROM patients") if r["name"]]
    assert names and not [n for n in names if n in patients]
    staff.tap(screen.ids.pseudonymise_button)  # off again for whoever comes next
    staff.idle()
    assert not screen.pseudonymise


def test_automatic_export_switched_on_in_settings_exports_to_a_smartstep_stick(staff, sticks):
    k = staff.k
    sync = k.parts.services.sync
    assert not sync.auto_export
    staff.sign_in()
    staff.tap_text("Settings")
    k.wait_screen("staff_settings", 5)
    staff.idle()
    screen = k.screen()
    row = screen.rows["usb.auto_export"]
    yes = next(b for b in row.editor.ids.options.children if b.value == "true")
    try:
        staff.tap(yes)
        staff.tap(screen.ids.save_button)
        staff.idle()
        assert screen.message.startswith("Saved 1 setting"), screen.message
        assert sync.auto_export  # at once, no restart
        folder = insert(sticks, "CLINIC")
        (folder / "SmartStep").mkdir()
        k.run_until(lambda: list(folder.rglob("manifest.json")), 60, "an export by itself")
        k.run_until(lambda: not sync.busy, 30, "the export's end")
    finally:
        staff.service.settings.save(k.controller.staff.member, {"usb.auto_export": False})
    assert not sync.auto_export
