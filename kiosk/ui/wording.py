"""Plain words for what the screens show: every code the services return, in English.

The one place patient- and staff-facing text is made (a translation later is
this file). Pure functions and tables, no Kivy import.
"""

from __future__ import annotations

from kiosk.analysis.events import FeetCheck
from kiosk.session.view import SessionProblem, SessionSummary

# Plain words for each fault, shown the moment it happens.
FAULT_CUES: dict[str, str] = {
    "ankles_out": "Keep pressure on your big toes",
    "heels_in": "Don't let your heels roll in",
    "too_fast": "Lower more slowly",
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
    return f"Next: set {nxt} of {sets_total}, {reps} reps"


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
            out.append(f"{d} more reps than last time")
        elif d < 0:
            out.append(f"{-d} fewer reps than last time")
        else:
            out.append("Same number of reps as last time")
    if s.previous_average_mm is not None and s.average_mm is not None:
        d = s.average_mm - s.previous_average_mm
        if abs(d) < 2:
            out.append("About as high as last time")
        else:
            out.append(f"{abs(d) / 10:.1f} cm {'higher' if d > 0 else 'lower'} than last time")
    return out


def status_words(status: str) -> str:
    return {
        "completed": "Well done! Session complete.",
        "stopped": "Session stopped early.",
        "interrupted": "Session interrupted.",
    }.get(status, status)


def saved_words(saved: bool) -> str:
    """Said on the summary only once the session's final commit returned."""
    return "Saved" if saved else "Not saved"
