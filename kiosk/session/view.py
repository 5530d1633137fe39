"""What the screens are shown of a session: plain, immutable snapshots.

The session service (``kiosk/session.py``) builds these on its own thread; the
UI reads the latest ``LiveView`` from the Kivy clock and never touches sensors,
analysis or the database itself. Fields may be added; none renamed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.analysis.events import FeetCheck, Rep


class Stage(StrEnum):
    """Where the session is, as the patient sees it."""

    IDLE = "idle"  # no session
    CALIBRATING = "calibrating"  # "stand still, heels level" until zero is set
    COUNTDOWN = "countdown"  # 3-2-1 before a set
    ACTIVE = "active"  # a set is running
    PAUSED = "paused"
    RESTING = "resting"  # between sets
    FINISHED = "finished"  # summary


class SessionProblem(StrEnum):
    """Something the person in front of the kiosk must know about (the UI words it)."""

    NOT_SAVED = "not_saved"  # the database or recording could not be written
    DISK_FULL = "disk_full"  # ... because the kiosk's storage is full
    TOF_DISCONNECTED = "tof_disconnected"  # the heel-height sensor is unplugged
    SENSORS_SILENT = "sensors_silent"  # the pressure strips stopped answering
    INTERNAL = "internal"  # a fault in the kiosk's own code (logged once, then counted)


@dataclass(frozen=True, slots=True)
class LiveView:
    """One snapshot of the live session for the screens (about 30 a second)."""

    stage: Stage = Stage.IDLE
    occupied: bool = False  # somebody stands (or sits) on the step
    heel_mm: float | None = None  # heel height above zero; None until zero is set
    target_mm: float | None = None
    sensor_status: str = "ok"  # heel-height sensor: ok / no_reading / disconnected
    # What the tempo lights ask for now, and how far through that phase (0..1).
    asked_phase: str = "rest"  # countdown / rise / hold / lower / rest / set_rest
    asked_progress: float = 0.0
    heel_phase: str = "rest"  # where the heel is: rest / rise / hold / lower
    set_index: int = 0  # 1-based once a set has started
    sets_total: int = 0
    rep_count: int = 0  # reps counted (and committed) in this set
    reps_target: int = 0  # reps asked for in this set; 0 for the heel-rise test (to fatigue)
    left_share: float | None = None  # share of the body's load on the left foot, 0..1
    toe_share_left: float | None = None  # big-toe share of forefoot load, 0..1
    toe_share_right: float | None = None
    cue_kind: str | None = None  # cue now: a fault code or "slower" / "lift_left" / "lift_right"
    calibration_progress: float = 0.0  # 0..1 of the still stance needed for zero
    feet: FeetCheck | None = None  # feet check: None when both feet are on and even
    countdown: int | None = None  # 3, 2, 1 before a set
    rest_remaining_s: float | None = None  # between sets
    error: SessionProblem | None = None  # a problem to show (sensor unplugged, disk full)
    variant: str = "both"  # the programme's variant (both, ecc_left, single_right, ...)
    heel_rise_test: bool = False  # the standard heel-rise test (reps to fatigue, 60 bpm)


@dataclass(frozen=True, slots=True)
class RepView:
    """One counted rep, as the screens show it."""

    number: int
    set_index: int
    peak_mm: float
    up_s: float
    down_s: float
    stance: str
    faults: tuple[str, ...] = ()
    left_share: float | None = None
    lsi: float | None = None  # limb symmetry index of this rep, % (100 = even)

    @classmethod
    def of(cls, rep: Rep, number: int, set_index: int) -> RepView:
        """The screens' copy of a counted rep: each field it shares with the analysis's
        ``Rep`` (the one definition) copied by name; the count is the session's."""
        shared = {f.name: getattr(rep, f.name) for f in dataclasses.fields(cls)
                  if f.name in _FROM_REP}
        return cls(number=number, set_index=set_index, **shared)


# RepView's fields taken from the analysis rep (all but the session's own count and set).
_FROM_REP = frozenset(f.name for f in dataclasses.fields(Rep)) - {"number"}


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """The end-of-session summary, compared with the patient's previous session."""

    session_id: str
    status: str  # completed / stopped / interrupted
    reps: int
    sets_done: int
    best_mm: float | None
    average_mm: float | None
    symmetry_pct: float | None  # limb symmetry index, 100 = even
    faults: dict[str, int] = field(default_factory=dict)
    previous_reps: int | None = None
    previous_average_mm: float | None = None
    duration_s: float = 0.0
    # Heel-rise test only: reps to fatigue, work (J), heel travel (m), why it ended
    # (heel_rise_test.END_REASONS: "low_height", "missed_beats", "off_step_support",
    # "stopped").
    test_reps: int | None = None
    work_j: float | None = None
    travel_m: float | None = None
    test_ended_by: str | None = None
    # True only once the session's final commit returned: the screen says "Saved"
    # only then.
    saved: bool = False
