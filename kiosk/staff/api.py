"""What staff screens may ask of staff mode: typed records, result codes, one protocol.

The screens (``kiosk/ui/screens/staff``) depend only on this module; the
service behind it (``kiosk.staff.service.StaffService``) is built by the
composition root. Every outcome is a code (an enum), never English: the UI's
wording module turns codes into words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from kiosk.programme import Programme

ROLES = ("admin", "staff")
SEXES = ("female", "male", "other", "")
INJURED_SIDES = ("none", "left", "right", "both")
PATIENT_FILTERS = ("active", "archived", "week")


class SignInResult(StrEnum):
    OK = "ok"
    WRONG_PIN = "wrong_pin"
    LOCKED = "locked"  # too many wrong PINs: see ``SignIn.locked_until``
    UNKNOWN = "unknown"  # no such (active) account


class Problem(StrEnum):
    """Why a staff request was refused (one per field or request)."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_VALUE = "bad_value"
    OUT_OF_RANGE = "out_of_range"
    DUPLICATE = "duplicate"  # e.g. a clinic ID or staff name already in use
    PIN_FORMAT = "pin_format"  # not 6-12 digits
    NOT_ALLOWED = "not_allowed"  # the signed-in role may not do this
    LAST_ADMIN = "last_admin"  # removing it would leave no admin
    NOT_FOUND = "not_found"
    STORAGE = "storage"  # the database could not be written


class StaffRequestError(Exception):
    """A refused request: ``problems`` maps a field name (or "" for the whole
    request) to the reason code. Nothing was changed."""

    def __init__(self, problems: Mapping[str, Problem]) -> None:
        super().__init__(", ".join(f"{k or 'request'}: {v}" for k, v in problems.items()))
        self.problems = dict(problems)


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    name: str
    role: str  # "admin" or "staff"


@dataclass(frozen=True, slots=True)
class SignIn:
    result: SignInResult
    member: StaffMember | None = None
    locked_until: datetime | None = None  # UTC, when result is LOCKED
    failures: int = 0  # wrong PINs in a row so far


@dataclass(frozen=True, slots=True)
class PatientRecord:
    id: str  # "" for a patient not yet saved
    name: str
    clinic_id: str = ""
    year_of_birth: int | None = None
    sex: str = ""  # one of SEXES
    body_mass_kg: float | None = None
    injured_side: str = "none"  # one of INJURED_SIDES
    diagnosis: str = ""
    notes: str = ""
    archived: bool = False
    last_session_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Prescription:
    """One version of a patient's programme (the newest active one is current)."""

    id: str
    patient_id: str
    programme: Programme
    created_at: datetime
    created_by: str  # staff name
    active: bool = True
    note: str = ""
    # Share of the patient's best peak height to aim for (0..1), when the target
    # is relative; ``programme.target_mm`` holds the absolute target in mm.
    target_share: float | None = None
    pacing: str = "adaptive"  # "adaptive" or "strict"


@dataclass(frozen=True, slots=True)
class ProgrammeTemplate:
    code: str  # e.g. "achilles_early", "eccentric_alfredson", "strength", "heel_rise_test"
    programme: Programme


@dataclass(frozen=True, slots=True)
class ProgressionSuggestion:
    id: str
    patient_id: str
    rule: str  # a code, e.g. "good_reps_3_sessions"
    ladder: str  # which ladder moves: "position", "variant", "surface", "weight"
    current: Programme
    proposed: Programme
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str  # a code, e.g. "sign_in", "sign_in_failed", "locked", "patient_added"
    target: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SettingsValues:
    """The admin settings: config keys as dotted names, e.g. "session.idle_timeout_s"."""

    values: Mapping[str, object] = field(default_factory=dict)
    defaults: Mapping[str, object] = field(default_factory=dict)


class StaffPort(Protocol):
    """What the staff screens need from staff mode. Every call is short (well under
    100 ms on the kiosk) except ``sign_in``, which checks a PIN hash (0.1-0.3 s):
    call it off the UI thread."""

    # accounts
    def staff_members(self) -> Sequence[StaffMember]: ...
    def sign_in(self, member_id: str, pin: str) -> SignIn: ...
    def sign_out(self, member: StaffMember, reason: str) -> None: ...
    def add_staff(self, by: StaffMember, name: str, role: str, pin: str) -> StaffMember: ...
    def remove_staff(self, by: StaffMember, member_id: str) -> None: ...
    # patients
    def patients(self, query: str = "", filter: str = "active", limit: int = 50,
                 offset: int = 0) -> Sequence[PatientRecord]: ...
    def patient(self, patient_id: str) -> PatientRecord: ...
    def save_patient(self, by: StaffMember, record: PatientRecord) -> PatientRecord: ...
    def archive_patient(self, by: StaffMember, patient_id: str) -> None: ...
    def restore_patient(self, by: StaffMember, patient_id: str) -> None: ...
    # prescriptions and progressions
    def templates(self) -> Sequence[ProgrammeTemplate]: ...
    def prescription(self, patient_id: str) -> Prescription | None: ...
    def prescription_history(self, patient_id: str) -> Sequence[Prescription]: ...
    def prescribe(self, by: StaffMember, patient_id: str, programme: Programme,
                  note: str = "", target_share: float | None = None,
                  pacing: str = "adaptive") -> Prescription: ...
    def suggestions(self, patient_id: str) -> Sequence[ProgressionSuggestion]: ...
    def accept_suggestion(self, by: StaffMember, suggestion_id: str) -> Prescription: ...
    def dismiss_suggestion(self, by: StaffMember, suggestion_id: str) -> None: ...
    # settings (admin) and audit
    def settings(self) -> SettingsValues: ...
    def save_settings(self, by: StaffMember, changes: Mapping[str, object]) -> SettingsValues: ...
    def audit(self, actor: str | None = None, since: datetime | None = None,
              until: datetime | None = None, limit: int = 100,
              offset: int = 0) -> Sequence[AuditEntry]: ...
