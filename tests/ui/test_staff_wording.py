"""Every staff code the screens can meet has words, and staff mode's timer (no display)."""

from __future__ import annotations

from kiosk.staff.api import AUDIT_ACTIONS, PATIENT_FILTERS, SIGN_OUT_REASONS, Problem, SignInResult
from kiosk.staff.settings import SETTINGS_KEYS
from kiosk.ui import wording
from kiosk.ui.staff_mode import StaffMode


def test_every_code_has_words():
    assert set(AUDIT_ACTIONS) <= set(wording.AUDIT_ACTION_WORDS)
    assert {str(p) for p in Problem} <= set(wording.STAFF_PROBLEM_WORDS)
    assert set(SETTINGS_KEYS) <= set(wording.SETTING_WORDS)
    assert set(PATIENT_FILTERS) <= set(wording.PATIENT_FILTER_WORDS)
    assert set(SIGN_OUT_REASONS) <= set(wording.SIGN_OUT_WORDS)
    assert {str(r) for r in SignInResult if r is not SignInResult.OK} <= set(
        wording.SIGN_IN_WORDS)


def test_refusals_in_words():
    text = wording.problems_text({"clinic_id": Problem.DUPLICATE, "": Problem.STORAGE},
                                 {"clinic_id": "Clinic ID"})
    assert text.splitlines() == ["Clinic ID: This is already in use.",
                                 wording.STAFF_PROBLEM_WORDS["storage"]]


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


def test_counts_of_one_read_in_the_singular_on_the_staff_screens():
    from datetime import UTC, datetime

    from kiosk.programme import Programme
    from kiosk.staff.api import SessionRecord
    from kiosk.staff.review.sessions import SessionRow
    from kiosk.ui.screens.staff.patient import session_line
    from kiosk.ui.screens.staff.session_list import row_text

    record = SessionRecord(id="s", started_at=datetime(2026, 11, 19, 10, tzinfo=UTC),
                           status="completed", mode="exercise", position="step",
                           variant="both", rep_count=1, peak_mean_mm=64.0, peak_max_mm=64.0,
                           lsi_mean=96.0, fault_reps=0)
    assert ", 1 rep," in session_line(record)
    row = SessionRow(id="s", started_at="2026-11-19T10:00:00Z", patient_id="p",
                     patient_name="Olivia Once", clinic_id="C-1001", mode="exercise",
                     position="step", variant="both", status="completed", rep_count=1,
                     peak_mean_mm=64.0, peak_max_mm=64.0, lsi_mean=96.0, fault_reps=0)
    assert "  ·  1 rep  ·  " in row_text(row, with_patient=True)
    lines = wording.staff_programme_lines(Programme(sets=1, reps=12))
    assert any(line.startswith("1 set of 12,") for line in lines), lines
    assert wording.next_up(1, 2, 1) == "Next: set 2 of 2, 1 rep"
    assert [wording.counted(n, "session") for n in (0, 1, 2)] == [
        "0 sessions", "1 session", "2 sessions"]


def test_audit_details_in_words_without_record_ids():
    from datetime import UTC, datetime

    from kiosk.programme import Programme
    from kiosk.staff.api import AuditEntry
    from kiosk.ui.audit_words import detail_lines, detail_text

    at = datetime(2026, 12, 5, 10, tzinfo=UTC)

    def entry(action: str, data: dict, target: str = "Anna Berger") -> AuditEntry:
        return AuditEntry(at=at, actor="Maria", action=action, target=target, data=data)

    settings = entry("change_settings", {"session.idle_timeout_s": {"from": 90.0, "to": 45.0},
                                         "clinic_name": {"from": "", "to": "Physio Nord"}}, "")
    assert detail_lines(settings) == ["Idle timeout (s): 45 (was 90)",
                                      "Clinic name (on reports): Physio Nord (was none)"]
    prescribed = entry("prescribe", {"patient_id": "01a223e9-b0c4",
                                     **Programme(sets=3, reps=15).to_dict()})
    assert detail_text(prescribed) == "Anna Berger  ·  " + wording.programme_summary(
        Programme(sets=3, reps=15))
    edited = entry("update_patient", {"body_mass_kg": 63.0, "injured_side": "both",
                                      "clinician": "Dr. Paul Meyer"})
    assert detail_lines(edited) == ["Body mass (kg): 63", "Injured side: both",
                                    "Clinician: Dr. Paul Meyer"]
    added = entry("add_patient", {"name": "Anna Berger"})
    assert detail_text(added) == "Anna Berger"  # the name once
    own = entry("sign_out", {"reason": "timeout"}, target="Maria")
    assert detail_text(own) == "Why: 2 minutes without a touch"
    newer = entry("something_new", {"card_id": "x", "tries_left": 2})
    assert detail_lines(newer) == ["Tries left: 2"]  # unknown keys readable, ids left out
