"""Plain words for what the screens show: every code the services return, in English.

The one place patient- and staff-facing text is made (a translation later is
this file). Pure functions and tables, no Kivy import.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.analysis.events import FeetCheck
from kiosk.plural import counted
from kiosk.programme import Programme
from kiosk.session.view import SessionProblem, SessionSummary

# Plain words for each fault, shown the moment it happens.
FAULT_CUES: dict[str, str] = {
    "ankles_out": "Keep pressure on your big toes",
    "heels_in": "Don't let your heels roll in",
    "too_fast": "Slower - follow the lights",  # the "slower" cue's rule and words
    "partial": "Lift your heels a little higher",
}
OTHER_CUES: dict[str, str] = {
    "slower": "Slower - follow the lights",
    "lift_left": "Now lift your left foot",
    "lift_right": "Now lift your right foot",
}
SET_DONE_CUE = "Set done!"
FEET_WORDS: dict[FeetCheck, str] = {
    FeetCheck.NOT_BOTH_FEET: "Put both feet on the step",
    FeetCheck.UNEVEN: "Stand evenly on both feet",
}
# Problems, for the person in front of the kiosk: what happened and what to do.
PROBLEM_WORDS: dict[SessionProblem, str] = {
    SessionProblem.NOT_SAVED: "The session could not be saved. Please tell staff.",
    SessionProblem.DISK_FULL: "The kiosk's storage is full: the session could not be saved. "
                              "Please tell staff.",
    SessionProblem.TOF_DISCONNECTED: "The heel-height sensor is not connected. "
                                     "Please tell staff.",
    SessionProblem.SENSORS_SILENT: "The step's sensors are not responding. Please tell staff.",
    SessionProblem.INTERNAL: "Something went wrong in the kiosk. Please tell staff.",
}
SENSOR_WORDS = {
    "no_reading": "Heel sensor: no reading, keep going",
    "disconnected": PROBLEM_WORDS[SessionProblem.TOF_DISCONNECTED],
}

POSITION_WORDS = {
    "sitting": "Sitting",
    "floor": "Standing on the floor",
    "step": "Standing on the step",
}
VARIANT_WORDS = {
    "both": "Both feet",
    "ecc_left": "Up on both, down on left",
    "ecc_right": "Up on both, down on right",
    "single_left": "Left leg only",
    "single_right": "Right leg only",
}
# Short labels that fit a choice button.
VARIANT_BUTTONS = {
    "both": "Both feet",
    "ecc_left": "Up on both,\ndown on left",
    "ecc_right": "Up on both,\ndown on right",
    "single_left": "Left leg only",
    "single_right": "Right leg only",
}
# What the lights ask for, as one word the patient can follow.
PHASE_WORDS = {
    "countdown": "Get ready",
    "rise": "Up",
    "hold": "Hold",
    "lower": "Down",
    "rest": "Rest",
    "set_rest": "Rest",
}
PHASES_SHOWN = ("rise", "hold", "lower", "rest")
KEY_CUES = (
    "Feet hip-width apart",
    "Toes pointing forward",
    "Press through your big toes",
    "Lower slowly",
)
FAULT_SUMMARY_WORDS = {
    "ankles_out": "ankles rolled out",
    "heels_in": "heels rolled in",
    "too_fast": "too fast",
    "partial": "not quite high enough",
}


def cm(mm: float | None) -> str:
    """Heights are shown in centimetres, one decimal: ``7.2 cm``."""
    return "-" if mm is None else f"{mm / 10:.1f} cm"


def next_up(set_index: int, sets_total: int, reps: int) -> str:
    """What comes after the rest: ``Next: set 2 of 3, 12 reps``."""
    nxt = set_index + 1
    if nxt > sets_total:
        return "Next: your summary"
    return f"Next: set {nxt} of {sets_total}, {counted(reps, 'rep')}"


def clock_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def fault_lines(faults: dict[str, int]) -> list[str]:
    """Faults in plain words with how often, most frequent first."""
    out = []
    for code, n in sorted(faults.items(), key=lambda kv: -kv[1]):
        if n <= 0:
            continue
        what = FAULT_SUMMARY_WORDS.get(code, code.replace("_", " "))
        out.append(f"{what.capitalize()}: {n} {'time' if n == 1 else 'times'}")
    return out


def fault_tip(faults: dict[str, int]) -> str | None:
    """One tip for next time: the cue of the most frequent fault."""
    present = [(n, code) for code, n in faults.items() if n > 0]
    if not present:
        return None
    _, code = max(present)
    return FAULT_CUES.get(code)


def cue_words(kind: str | None) -> str:
    """The cue on the live screen for a cue code ("" for none)."""
    if kind is None:
        return ""
    return FAULT_CUES.get(kind) or OTHER_CUES.get(kind) or ""


def feet_words(check: FeetCheck | None) -> str:
    return "" if check is None else FEET_WORDS[check]


def problem_words(problem: SessionProblem | None) -> str:
    """The sentence for a problem code ("" for none)."""
    return "" if problem is None else PROBLEM_WORDS[problem]


def symmetry_text(pct: float | None) -> str:
    if pct is None:
        return "-"
    return f"{pct:.0f} %"


def comparison_lines(s: SessionSummary) -> list[str]:
    """Compared with last time, in words; empty on a first session."""
    out = []
    if s.previous_reps is not None:
        d = s.reps - s.previous_reps
        if d > 0:
            out.append(f"{counted(d, 'more rep', 'more reps')} than last time")
        elif d < 0:
            out.append(f"{counted(-d, 'fewer rep', 'fewer reps')} than last time")
        else:
            out.append("Same number of reps as last time")
    if s.previous_average_mm is not None and s.average_mm is not None:
        dh = s.average_mm - s.previous_average_mm
        if abs(dh) < 2:
            out.append("About as high as last time")
        else:
            out.append(f"{abs(dh) / 10:.1f} cm {'higher' if dh > 0 else 'lower'} than last time")
    return out


# Why the heel-rise test ended, for the patient (the summary's first line).
TEST_END_WORDS = {
    "low_height": "Test finished: your heel no longer rose as high as at the start",
    "missed_beats": "Test finished: the beat went on without you",
    "off_step_support": "Test finished: your hands took some of your weight",
    "stopped": "Test stopped before you tired",
}


def test_end_words(ended_by: str | None) -> str | None:
    """The heel-rise test's end in words (None: not a test)."""
    return None if ended_by is None else TEST_END_WORDS.get(ended_by, "Test finished")


def status_words(status: str) -> str:
    return {
        "completed": "Well done! Session complete.",
        "stopped": "Session stopped early.",
        "interrupted": "Session interrupted.",
    }.get(status, status)


def saved_words(saved: bool) -> str:
    """Said on the summary only once the session's final commit returned."""
    return "Saved" if saved else "Not saved"


# -- staff mode ----------------------------------------------------------------
# Every code the staff screens meet (kiosk.staff.api, kiosk.programme) in words.

ROLE_WORDS = {"admin": "Admin", "staff": "Staff"}
SEX_WORDS = {"female": "Female", "male": "Male", "other": "Other", "": "Not given"}
SIDE_WORDS = {"none": "None", "left": "Left", "right": "Right", "both": "Both"}
PATIENT_FILTER_WORDS = {"active": "Active", "archived": "Archived", "week": "Seen this week"}
SPACING_WORDS = {"narrow": "Narrow", "hip": "Hip-width", "wide": "Wide"}
SURFACE_WORDS = {"firm": "Firm", "unstable": "Unstable"}
PACING_WORDS = {"adaptive": "Adaptive", "strict": "Strict"}
SESSION_STATUS_WORDS = {"completed": "completed", "stopped": "stopped early",
                        "interrupted": "interrupted", "open": "running"}
# Short labels that fit a choice button on the prescription form.
POSITION_BUTTONS = {
    "sitting": "Sitting,\nknees 90°",
    "floor": "Standing\non the floor",
    "step": "On the step,\nheels below",
}
TEMPLATE_WORDS = {
    "achilles_early": "Achilles early loading",
    "eccentric_alfredson": "Eccentric (Alfredson-style)",
    "strength": "Strength",
    "heel_rise_test": "Heel-rise test",
}
LADDER_WORDS = {"position": "position", "variant": "variant", "surface": "surface",
                "weight": "added weight"}
SIGN_IN_WORDS = {
    "wrong_pin": "Wrong PIN. Please try again.",
    "locked": "Too many wrong PINs: locked.",
    "unknown": "This account no longer exists. Please ask an admin.",
}
STAFF_PROBLEM_WORDS = {
    "required": "Please fill this in.",
    "too_long": "This is too long.",
    "bad_value": "This value is not allowed.",
    "out_of_range": "This is outside the allowed range.",
    "duplicate": "This is already in use.",
    "pin_format": "A PIN has 6 to 12 digits.",
    "not_allowed": "Only an admin may do this.",
    "last_admin": "At least one admin must remain.",
    "not_found": "This no longer exists (somebody may have removed it).",
    "storage": "Could not save: the kiosk's storage failed. Please tell the admin.",
}
AUDIT_ACTION_WORDS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Wrong PIN",
    "locked": "Account locked (too many wrong PINs)",
    "sign_in_while_locked": "Tried to sign in while locked",
    "sign_out": "Signed out",
    "add_staff": "Added staff member",
    "remove_staff": "Removed staff member",
    "reset_pin": "PIN reset",
    "add_patient": "Added patient",
    "update_patient": "Edited patient",
    "archive_patient": "Archived patient",
    "restore_patient": "Restored patient",
    "prescribe": "Prescribed",
    "accept_suggestion": "Accepted progression",
    "dismiss_suggestion": "Dismissed progression",
    "change_settings": "Changed settings",
    "prune_recordings": "Deleted old recordings",
    "acknowledge_devices": "Acknowledged the device notice",
    "calibrate_strips": "Calibrated the pressure strips",
    "set_clock": "Set the clock",
    "include_heel_rise_test": "Chose whether a heel-rise test shows in the trends",
    "patient_sign_in": "Patient signed in at the kiosk",
    "patient_code_failed": "Patient's code wrong",
    "patient_code_locked": "Patient's clinic ID locked (too many wrong codes)",
    "patient_code_while_locked": "Patient tried a code while locked",
    "patient_id_unknown": "Unknown clinic ID or no code set",
    "patient_card_unknown": "Unknown card at the reader",
    "patient_card_unreadable": "Card not readable",
    "set_sign_in_code": "Set the patient's sign-in code",
    "clear_sign_in_code": "Removed the patient's sign-in code",
    "set_sign_in_card": "Registered the patient's card",
    "clear_sign_in_card": "Removed the patient's card",
    "export_with_names": "Exported to USB with patients' names",
}
SIGN_OUT_WORDS = {"button": "signed out", "timeout": "2 minutes without a touch",
                  "step_on": "somebody stepped on", "other": "signed out"}
SETTING_WORDS = {
    "step_id": "Step name",
    "clinic_name": "Clinic name (on reports)",
    "session.idle_timeout_s": "Idle timeout (s)",
    "session.no_rep_timeout_s": "End a set after no rep for (s)",
    "session.tempo": "Guest tempo (up-hold-down s)",
    "session.sets": "Guest sets",
    "session.reps": "Guest reps",
    "session.rest_s": "Guest rest between sets (s)",
    "session.pacing_mode": "Pacing",
    "storage.recordings_keep_days": "Keep recordings (days)",
    "analysis.partial_ratio": "Partial rep: below share of target",
    "analysis.too_fast_ratio": "Too fast: below share of tempo",
    "analysis.ankles_out_share": "Ankles out: lateral share",
    "analysis.ankles_out_min_s": "Ankles out: for at least (s)",
    "analysis.ankles_out_height_ratio": "Ankles out: from share of peak",
    "analysis.heels_in_share": "Heels in: medial share",
    "analysis.heels_in_min_s": "Heels in: for at least (s)",
    "lights.volume": "Volume",
    "lights.mute": "Sound off",
    "lights.brightness": "Light brightness",
    "usb.auto_export": "Export by itself to a stick with a SmartStep folder",
}
SETTING_CHOICE_WORDS = {"adaptive": "Adaptive", "lead": "Lights lead", "true": "Yes",
                        "false": "No"}
# Field names of the patient form, for messages.
PATIENT_FIELD_WORDS = {
    "name": "Name", "clinic_id": "Clinic ID", "year_of_birth": "Year of birth", "sex": "Sex",
    "body_mass_kg": "Body mass (kg)", "injured_side": "Injured side",
    "diagnosis": "Diagnosis", "clinician": "Clinician", "notes": "Notes",
}


def words(table: dict[str, str], code: str) -> str:
    """A code in words; an unknown code readable rather than hidden."""
    return table.get(code, code.replace("_", " ").replace(".", ": ").capitalize())


def setting_words(key: str) -> str:
    return words(SETTING_WORDS, key)


def staff_problem_words(problem: str) -> str:
    return words(STAFF_PROBLEM_WORDS, str(problem))


def problems_text(problems: Mapping[str, str], fields: dict[str, str] | None = None) -> str:
    """All reasons of a refused request, one line each: ``Clinic ID: This is already in use.``"""
    lines = []
    for name, problem in problems.items():
        what = staff_problem_words(str(problem))
        label = (fields or {}).get(name, name.replace("_", " ").capitalize()) if name else ""
        lines.append(f"{label}: {what}" if label else what)
    return "\n".join(lines)


def locked_text(seconds_left: float) -> str:
    """``Too many wrong PINs: locked for 4 more minutes.``"""
    s = max(1, round(seconds_left))
    if s < 60:
        span = f"{s} more seconds"
    else:
        m = -(-s // 60)
        span = f"{m} more minute" + ("" if m == 1 else "s")
    return f"Too many wrong PINs: locked for {span}."


def tries_left_text(failures: int, allowed: int = 5) -> str:
    left = allowed - failures
    if left <= 0 or failures <= 0:
        return "Wrong PIN. Please try again."
    return f"Wrong PIN. {left} {'try' if left == 1 else 'tries'} left before a lock."


def programme_summary(programme: Programme) -> str:
    """One line for lists: ``Step, both feet, 3 x 15, 3-0-3, +5 kg``."""
    parts = [POSITION_WORDS[programme.position], VARIANT_WORDS[programme.variant].lower(),
             f"{programme.sets} x {programme.reps}", f"tempo {programme.tempo.label()}"]
    if programme.weight_kg:
        parts.append(f"+{programme.weight_kg:g} kg")
    if programme.mode == "heel_rise_test":
        parts = ["Heel-rise test", VARIANT_WORDS[programme.variant].lower()]
    return ", ".join(parts)


def staff_programme_lines(programme: Programme, target_share: float | None = None,
                          pacing: str = "adaptive") -> list[str]:
    """Every parameter of a prescription, for the patient's page."""
    if programme.mode == "heel_rise_test":
        return ["Heel-rise test: 60 beats a minute to failure, one leg at a time",
                VARIANT_WORDS[programme.variant]]
    lines = [
        f"{POSITION_WORDS[programme.position]}, {VARIANT_WORDS[programme.variant].lower()}",
        f"Feet {SPACING_WORDS[programme.spacing].lower()}, "
        f"{SURFACE_WORDS[programme.surface].lower()} surface",
        f"{counted(programme.sets, 'set')} of {programme.reps}, "
        f"tempo {programme.tempo.label()} s, "
        f"rest {programme.rest_between_sets_s:g} s",
    ]
    extra = []
    if programme.weight_kg:
        extra.append(f"extra weight {programme.weight_kg:g} kg")
    if target_share is not None:
        extra.append(f"target {target_share * 100:.0f} % of best")
    elif programme.target_mm:
        extra.append(f"target {programme.target_mm / 10:.1f} cm")
    extra.append(f"{PACING_WORDS.get(pacing, pacing).lower()} pacing")
    lines.append(", ".join(extra).capitalize())
    return lines


# What a progression moves the patient on to, in the words of its ladder.
_LADDER_NEXT = {
    "position": lambda p: POSITION_WORDS[p.position].lower(),
    "variant": lambda p: VARIANT_WORDS[p.variant].lower(),
    "surface": lambda p: f"{SURFACE_WORDS[p.surface].lower()} surface",
    "weight": lambda p: f"{p.weight_kg:g} kg added weight",
}


def suggestion_text(ladder: str, current: Programme, proposed: Programme) -> str:
    """``Ready for: up on both, down on left, on the step``."""
    parts = []
    if proposed.variant != current.variant:
        parts.append(VARIANT_WORDS[proposed.variant].lower())
    if proposed.position != current.position:
        parts.append(POSITION_WORDS[proposed.position].lower())
    if proposed.surface != current.surface:
        parts.append(f"{SURFACE_WORDS[proposed.surface].lower()} surface")
    if proposed.weight_kg != current.weight_kg:
        parts.append(f"{proposed.weight_kg:g} kg added weight")
    if not parts:
        parts.append(_LADDER_NEXT.get(ladder, lambda p: programme_summary(p))(proposed))
    return "Ready for: " + ", ".join(parts)


PROGRESS_HINT = "Great progress: your physio may move you on"

# What the staff screens say back (message lines and field notes).
STAFF_SAY = {
    "loading": "Loading...",
    "checking": "Checking...",
    "saving": "Saving...",
    "failed": "Could not {what}. Please try again; if it keeps happening, tell the admin.",
    "no_accounts": "No staff accounts yet. An admin adds the first one on the kiosk's "
                   "command line: smartstep staff add NAME --admin",
    "lock_ended": "The lock has ended: you may try again.",
    "no_patients": "No patients here yet.",
    "nobody_found": 'Nobody found for "{query}".',
    "first_page": "Showing the first {n}: search to find others.",
    "correct_fields": "Please correct the fields marked in red.",
    "patient_saved": "Saved: {name}.",
    "archived": "Archived: can no longer sign in at the kiosk.",
    "restored": "Restored: can sign in at the kiosk again.",
    "code_title": "The patient's new code (4 to 8 digits)",
    "code_set": "Code set: the patient signs in with their clinic ID and this code.",
    "card_hold": "Hold the patient's card to the reader now.",
    "card_set": "Card registered: the patient signs in by holding it to the reader.",
    "card_removed": "Card removed.",
    "accepted": "Progression accepted: a new programme version.",
    "dismissed": "Suggestion dismissed.",
    "template_loaded": "Template loaded: {template}. Adjust, then Save.",
    "programme_impossible": "This programme is not possible: {reason}",
    "prescription_saved": "Prescription saved: a new version.",
    "no_settings": "No settings to change.",
    "nothing_changed": "Nothing changed.",
    "settings_not_saved": "Not saved: please correct the settings marked in red.",
    "settings_saved": "Saved {n} setting{s}. Sessions use them from the next start of the "
                      "kiosk; the guest programme at once.",
    "nothing_in_log": "Nothing in the log for this choice.",
    "no_prescription": "No prescription yet: the patient picks a programme on the step.",
    "no_changes": "No changes yet.",
    "no_sessions": "No sessions yet.",
    "tap_remove_again": "Tap Remove again to remove this account.",
    "account_removed": "Account removed.",
    "account_added": "Added {name}.",
    "pins_differ": "The two PINs differ.",
    "pins_differ_nothing_changed": "The two PINs differ: nothing changed.",
    "pin_set": "New PIN set for {name}.",
    "not_added": "Not added: please correct the fields marked in red.",
}


# -- Staff review: session list, session detail, progress, report ----------------

REVIEW_STATUS_FILTERS = (None, "completed", "stopped", "interrupted")
REVIEW_STATUS_WORDS = {None: "All", "completed": "Completed", "stopped": "Stopped",
                       "interrupted": "Interrupted", "open": "Running"}
# Date filter: days back from today (None: all dates).
REVIEW_DATE_FILTERS = (None, 7, 30, 365)
REVIEW_DATE_WORDS = {None: "All dates", 7: "Last 7 days", 30: "Last 30 days",
                     365: "Last 12 months"}
# One letter per fault on the plot, and the words for it (the legend and the table).
FAULT_LETTERS = {"ankles_out": "A", "heels_in": "H", "partial": "P", "too_fast": "F"}
REVIEW_FAULT_WORDS = {
    "ankles_out": "ankles out",
    "heels_in": "heels in",
    "partial": "not high enough",
    "too_fast": "too fast",
}
STANCE_WORDS = {"both": "both feet", "left": "left foot", "right": "right foot",
                "ecc_left": "down on left", "ecc_right": "down on right"}
RECORDING_NOTES = {
    "ok": "",
    "none": "This session has no recording, so there is no plot: the reps are in the table.",
    "pruned": "This session's recording was deleted by the keep-recordings setting, so there "
              "is no plot: the reps are in the table.",
    "missing": "This session's recording is missing from the kiosk's storage, so there is no "
               "plot: the reps are in the table. Please tell the admin.",
    "damaged": "This session's recording cannot be read (damaged file), so there is no plot: "
               "the reps are in the table. Please tell the admin.",
}
SYMMETRY_KIND_WORDS = {
    "injured_vs_uninjured": "Symmetry: injured as % of uninjured",
    "weaker_vs_stronger": "Symmetry: weaker foot as % of stronger",
}
NORM_GROUP_WORDS = {"men": "men", "women": "women", "dominant": "dominant leg",
                    "non_dominant": "non-dominant leg", "6_months": "6 months after rupture",
                    "12_months": "12 months after rupture"}
PLOT_LEGEND = ("Shaded: a rep.  A ankles out, H heels in, P not high enough, F too fast "
               "(A\u00d73: 3 reps, zoom in).  Triangle: a spike off the scale.  Dashed: target.  "
               "Solid: step level.  Asked: what the lights asked.  Drag or pinch to move, zoom.")


def review_fault_text(faults: tuple[str, ...] | list[str]) -> str:
    return ", ".join(REVIEW_FAULT_WORDS.get(f, f) for f in faults) or "none"


def plot_window(start: float, end: float, total: float) -> str:
    """What part of a session a plot shows: ``1:10-2:40 of 66:05`` or ``whole session``."""
    if start <= 0.5 and end >= total - 0.5:
        return f"whole session, {minutes_seconds(total)}"
    return f"{minutes_seconds(start)}\u2013{minutes_seconds(end)} of {minutes_seconds(total)}"


def minutes_seconds(seconds: float) -> str:
    """Plot time labels: ``0:45``, ``12:05``."""
    s = max(round(seconds), 0)
    return f"{s // 60}:{s % 60:02d}"


def phase_vs_tempo(measured: float | None, asked: float) -> str:
    """``2.1 s (2)``: a phase time beside the prescribed one."""
    return "-" if measured is None else f"{measured:.1f} s ({asked:g})"


def report_saved_text(file_name: str, stick: str) -> str:
    return f"Report saved on {stick}: {file_name}. Tap Eject before you take the stick out."


REPORT_NEEDS_STICK = ("Please insert a USB stick, then tap Report again: the report is "
                      "saved on the stick.")


# -- production device notice and technician screens -----------------------------
# Device problems of a production kiosk (codes of kiosk.devices.report), as one line each.
DEVICE_PROBLEM_WORDS = {
    "tof_simulated": "The heel-height sensor is simulated.",
    "strips_simulated": "The pressure strips are simulated.",
    "lights_simulated": "The lights, buzzer and button are simulated.",
    "tof_disconnected": "The heel-height sensor does not answer.",
    "strips_failed": "The pressure strips cannot be read.",
    "lights_failed": "The lights, buzzer and button could not start.",
}
DEVICE_NOTICE_PATIENT = "Please tell staff."
DEVICE_NOTICE_STAFF = "Sessions are not measured on the real step until this is fixed."
# Strip names short enough for a bar's label (toe: big toe; outer: lateral forefoot).
STRIP_WORDS = {"l_toe": "Left toe", "l_lat": "Left outer", "l_heel": "Left heel",
               "r_toe": "Right toe", "r_lat": "Right outer", "r_heel": "Right heel"}
TOF_STATUS_WORDS = {"ok": "reading", "no_reading": "no reading",
                    "disconnected": "not connected"}
CALIBRATION_STEP_WORDS = {
    "empty": "Step 1 of 3: clear the step. Nobody and nothing on it, then touch Measure.",
    "left": "Step 2 of 3: lay the calibration plate with the {kg:g} kg weight on the LEFT "
            "foot's pads, then touch Measure.",
    "right": "Step 3 of 3: move the plate and weight to the RIGHT foot's pads, then touch "
             "Measure.",
    "done": "All three steps measured. Touch Save to use this calibration from the next "
            "session on.",
}
CALIBRATION_PROBLEM_WORDS = {
    "not_empty": "{strip} still carries load. Clear the step and measure again.",
    "no_load": "{strip} did not feel the weight. Centre the plate on the foot's pads and "
               "measure again.",
    "no_samples": "The strips sent no readings. Check the wiring (smartstep doctor).",
}
TOF_VERDICT_WORDS = {
    "ok": "Steady reading: the sensor is fine.",
    "no_reading": "No steady reading. Check the sensor is connected and nothing covers it.",
    "too_close": "Too close: the sensor sees something within 1.5 cm. Check the mount.",
    "too_far": "Too far: the sensor sees nothing within 40 cm. Check it points at the heel.",
    "noisy": "Readings jump by more than 3 mm. Check the mount is firm and the window clean.",
}
MOUNT_VERDICT_WORDS = {
    "ok": "The height moves the right way: the mount matches the settings.",
    "no_change": "The height hardly changed. Raise the heel (or a card) at least 2 cm.",
    "wrong_mount": "The height moved the wrong way: the [tof] mount setting does not match "
                   "how the sensor is fitted.",
    "no_reading": "No steady reading to compare.",
}
CLOCK_PROBLEM_WORDS = {
    "not_allowed": "The system did not allow the kiosk to set the clock (polkit rule "
                   "missing). Ask the installer.",
    "ntp_active": "Network time keeps this clock right; it cannot be set by hand.",
    "bad_time": "That date is not plausible. Check the year.",
    "no_timedatectl": "This system has no timedatectl; set the clock by hand as root.",
    "failed": "Setting the clock failed. Details are in the log.",
}


def device_problem_lines(codes: tuple[str, ...] | list[str]) -> list[str]:
    return [DEVICE_PROBLEM_WORDS.get(code, code) for code in codes]


def duration_words(seconds: float | None) -> str:
    """``3 d 4 h``, ``2 h 5 min``, ``4 min``; "-" when unknown."""
    if seconds is None:
        return "-"
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


# -- USB export on the touchscreen --------------------------------------------------
# Every ExportCode, StickProblem and EjectCode of kiosk.sync.codes as one sentence; "{stick}" is
# the stick's label. A full stick names the stick and never suggests deleting the kiosk's data.
USB_EXPORT_WORDS = {
    "done": "Export complete ({form}): {sessions} session{s}, {mb} on {stick}.",
    "cancelled": "Export cancelled. Nothing complete was left on {stick}; the kiosk's data "
                 "are unchanged.",
    "stick_full": "{stick} is full. Nothing was exported. Use a stick with more free space, "
                  "or free space on this one on a computer.",
    "stick_removed": "{stick} was pulled out during the export. Nothing was exported. Insert "
                     "it again and export again.",
    "stick_read_only": "{stick} cannot be written to (it may be write-protected). Nothing "
                       "was exported.",
    "stick_error": "Writing to {stick} failed. Nothing was exported. Try another stick; if it "
                   "keeps happening, tell the admin.",
    "not_a_folder": "{stick} is not ready to be written to. Take it out, insert it again and "
                    "export again.",
    "no_database": "There is nothing to export yet: no session was recorded on this kiosk.",
    "database_unreadable": "The kiosk's data could not be read for the export. Please tell "
                           "the admin.",
    "kiosk_storage": "The kiosk could not prepare the export on its own storage, so nothing "
                     "was exported. Please tell the admin.",
    "audit_failed": "The export with names could not be written to the audit log, so nothing "
                    "was exported. Please tell the admin.",
    "passphrase_unusable": "The kiosk's export passphrase cannot be read, so nothing was "
                           "exported. Please tell the admin.",
    # stick problems, reported when a stick is inserted
    "unsupported_filesystem": "{stick} uses a format the kiosk cannot write. Use a stick "
                              "formatted as FAT32 or exFAT.",
    "damaged_filesystem": "{stick} cannot be read: its format looks damaged. Check it on a "
                          "computer or use another stick.",
    "read_only": "{stick} is write-protected: the kiosk cannot export to it.",
    "not_allowed": "The system did not let the kiosk open {stick}. Please tell the admin.",
    "mount_failed": "{stick} could not be opened. Take it out and insert it again.",
    # eject, after a complete export
    "safe_to_remove": "Safe to remove {stick}.",
    "eject_failed": "{stick} could not be released: do NOT remove it yet. Touch Eject to "
                    "try again.",
}
USB_EVENT_WORDS = {
    "no_stick": "Insert a USB stick.",
    "released": "{stick} is released: take it out. For another export, insert a stick.",
    "export_to": "Export to {stick}",
    "unavailable": "USB export is not available on this kiosk. Please tell the admin.",
    "stick_waiting": "{stick} waits until the export to the other stick has finished.",
    "stick_removed": "{stick} was removed.",
    "started": "Preparing the export to {stick} ...",
    "progress": "Writing {file} (file {index} of {count}), {done} of {total}",
    "busy": "An export is already running.",
    "missing_recordings": "{n} recording{s} missing on the kiosk: listed in the manifest.",
    # What goes on the stick, chosen per export (names: recorded in the audit log).
    "names_off": "Names: left out (pseudonymised)",
    "names_on": "Names: included (recorded in the audit log)",
    "encrypt_off": "Encrypted: off",
    "encrypt_on": "Encrypted: on (a passphrase opens it)",
    "encrypt_configured": "Encrypted: always (the kiosk's passphrase)",
    "pseudonymised": "pseudonymised",
    "with_names": "with names",
    "encrypted": "encrypted",
    "passphrase_title": "Passphrase for this export (at least {n} characters)",
    "passphrase_again": "The same passphrase again",
    "passphrase_short": "A passphrase needs at least {n} characters. Nothing was exported.",
    "passphrase_differs": "The two passphrases differ. Nothing was exported.",
}


def megabytes(n: int | None) -> str:
    """Bytes as staff read them: "0.4 MB", "12 MB", "3.1 GB"; "-" when unknown."""
    if n is None:
        return "-"
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.1f} MB" if n < 1e7 else f"{n / 1e6:.0f} MB"


def usb_code_text(code: str, stick: str, **extra: object) -> str:
    """An export, stick or eject code as its sentence about the stick ``stick``."""
    template = USB_EXPORT_WORDS.get(code)
    if template is None:
        return f"{stick}: {words({}, code)}. Please tell the admin."
    return template.format(stick=stick, **extra)


# -- patient sign-in (card, or clinic ID and code) -----------------------------------

SIGNIN_CARD_TITLE = "Have a card?"
SIGNIN_CARD_HELP = "Hold it to the reader."
SIGNIN_ID_PROMPT = "Or type your clinic ID"
SIGNIN_CODE_PROMPT = "Now your code"
SIGNIN_CHECKING = "Checking..."
SIGNIN_WORDS = {
    "no_match": "That ID and code do not match. Please try again, or ask staff.",
    "card_unknown": "This card is not known here. Please ask staff.",
    "bad_card": "The card could not be read. Please hold it to the reader again.",
    "failed": "Sign-in is not working just now. Please tell staff, or start as a guest.",
}


def signin_locked_text(seconds_left: float) -> str:
    """A clinic ID locked after wrong codes: what the patient can do."""
    minutes = max(1, -(-round(seconds_left) // 60))
    return (f"Too many tries. Please ask staff, or try again in {minutes} "
            f"{'minute' if minutes == 1 else 'minutes'}.")
