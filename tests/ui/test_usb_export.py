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
    # Ejected: the stick left the kiosk's list, so nothing to export to now, and the
    # screen never says "Insert a USB stick" beside "Safe to remove" (it once did).
    k.run_until(lambda: "free" not in screen.sticks_text, 5, "the stick released")
    assert screen.sticks_text.startswith("KINGSTON is released: take it out.")
    assert "Insert a USB stick" not in screen.sticks_text
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
    assert page.message.startswith("Report saved on REPORTS: smartstep-report-")
    # The stick can be taken out safely from here: Eject beside the message.
    eject = page.ids.eject_button
    assert eject.text == "Eject REPORTS" and eject.width > 0
    staff.tap(eject)
    staff.idle()
    assert page.message == "Safe to remove REPORTS." and not page.eject_stick
    k.run_until(lambda: not any(s.key == "REPORTS" for s in sync.sticks()), 10, "released")


def test_without_a_stick_the_report_asks_for_one_and_leaves_no_file(staff, sticks):
    k = staff.k
    sync = k.parts.services.sync
    k.run_until(lambda: not sync.sticks(), 10, "no stick in")
    staff.sign_in()
    pid = k.store.query("SELECT id FROM patients WHERE name = 'Anna Berger'")[0]["id"]
    k.controller.show_staff("staff_patient", pid)
    k.wait_screen("staff_patient", 5)
    staff.idle()
    page = k.screen()
    files_before = sorted(p.name for p in k.store.data_dir.rglob("*.pdf"))
    k.tap("report_button")
    k.run_until(lambda: not page.reporting and page.message != "Writing the report ...", 30,
                "the answer")
    assert page.message_is_error and "Please insert a USB stick" in page.message
    assert sorted(p.name for p in k.store.data_dir.rglob("*.pdf")) == files_before
    assert page.ids.eject_button.width == 0


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
    left = [p for p in folder.rglob("*") if p.is_file()]
    assert [p for p in left if not p.name.startswith("last-export")] == []
    # Still in and usable: the next export starts cleanly.
    assert "SLOW:" in screen.sticks_text and not screen.ids.export_button.disabled


def _export_to_the_end(staff, screen, button):
    screen.say("")  # the end of this export, not the last one's result
    staff.tap(button)
    staff.k.run_until(lambda: not screen.running and screen.message, 60, "the end of the export")
    assert screen.safe_to_remove, screen.message


def _names(k):
    return [r["name"] for r in k.store.query("SELECT name FROM patients") if r["name"]]


def test_the_export_holds_no_names_unless_staff_choose_names_which_is_audited(staff, sticks):
    k = staff.k
    screen = open_export(staff)
    folder = insert(sticks, "RESEARCH")
    _wait_stick(k, screen, "RESEARCH")
    assert not screen.with_names and not screen.ids.names_button.selected
    _export_to_the_end(staff, screen, screen.ids.full_export_button)
    assert "(pseudonymised)" in screen.message
    (manifest,) = folder.rglob("manifest.json")
    assert json.loads(manifest.read_text())["pseudonymised"] is True
    names = _names(k)
    for part in ("patients.csv", "smartstep.db"):
        data = (manifest.parent / part).read_bytes()
        assert names and not [n for n in names if n.encode() in data], part
    audited = "SELECT actor, detail FROM audit_log WHERE action = 'export_with_names'"
    before = len(k.store.query(audited))

    # Names: chosen for one export, recorded in the audit log with who and where.
    staff.tap(screen.ids.names_button)
    staff.idle()
    assert screen.with_names and screen.ids.names_button.selected
    folder = insert(sticks, "NAMED")  # RESEARCH was ejected
    _wait_stick(k, screen, "NAMED")
    _export_to_the_end(staff, screen, screen.ids.full_export_button)
    assert "(with names)" in screen.message
    (manifest,) = folder.rglob("manifest.json")
    assert json.loads(manifest.read_text())["pseudonymised"] is False
    assert names[0] in (manifest.parent / "patients.csv").read_text("utf-8-sig")
    entries = k.store.query(audited)
    assert len(entries) == before + 1
    detail = json.loads(entries[-1]["detail"])
    assert entries[-1]["actor"] == k.controller.staff.member.name
    assert detail["stick"] == "NAMED" and detail["folder"] == str(manifest.parent)
    assert not screen.with_names  # off again: the next export is pseudonymised


def test_an_encrypted_export_asks_for_its_passphrase_twice(staff, sticks):
    from kiosk.sync.merge import merge

    k = staff.k
    screen = open_export(staff)
    folder = insert(sticks, "SAFE")
    _wait_stick(k, screen, "SAFE")
    staff.tap(screen.ids.encrypt_button)
    staff.idle()
    assert screen.encrypt and screen.ids.encrypt_button.selected
    staff.tap(screen.ids.full_export_button)
    staff.type_text("short")
    staff.idle()
    assert screen.message_is_error and "at least 8 characters" in screen.message
    staff.tap(screen.ids.full_export_button)
    staff.type_text("heel raise")
    staff.type_text("heel raised")
    staff.idle()
    assert screen.message_is_error and "differ" in screen.message
    assert not screen.running and list(folder.rglob("manifest.json")) == []
    staff.tap(screen.ids.full_export_button)
    staff.type_text("heel raise")
    staff.type_text("heel raise")
    k.run_until(lambda: screen.safe_to_remove or (not screen.running and screen.message),
                90, "the end of the export")
    assert screen.safe_to_remove, screen.message
    assert "(pseudonymised, encrypted)" in screen.message
    (manifest,) = folder.rglob("manifest.json")
    assert sorted(p.name for p in manifest.parent.iterdir()) == [
        "export.tar.age", "key.age", "manifest.json"]
    target = k.store.data_dir.parent / "encrypted-merge" / "clinic.db"
    target.parent.mkdir(exist_ok=True)
    try:
        assert merge(target, [manifest.parent], lambda: "heel raise")["patients"] > 0
    finally:
        shutil.rmtree(target.parent)
    staff.tap(screen.ids.encrypt_button)  # off again for whoever comes next
    staff.idle()


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
