"""What staff screens may ask of staff mode: typed records, result codes, one port per
concern (``StaffPort`` holds them).

The screens (``kiosk/ui/screens/staff``) depend only on this module; the services
behind it (``kiosk.staff.service.StaffServices``, one per concern) are built by the
composition root. Every outcome is a code (an enum), never English: the UI's wording
module turns codes into words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from kiosk.errors import RefusedRequest
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


class StaffRequestError(RefusedRequest):
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
    clinician: str = ""  # who treats the patient (free text, as on the report)
    notes: str = ""
    archived: bool = False
    last_session_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProgressionRule:
    """When to suggest the next step: the last ``sessions`` finished sessions of this
    version were all completed with at least ``good_share`` good reps (no fault, at
    or above the target)."""

    sessions: int = 3  # 1..20
    good_share: float = 0.9  # 0.5..1.0

    @property
    def code(self) -> str:
        return f"good_reps_{self.sessions}_sessions"


DEFAULT_RULE = ProgressionRule()


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
    rule: ProgressionRule | None = None  # None: no progression suggestions


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
    action: str  # a code, one of AUDIT_ACTIONS (older databases may hold others)
    target: str = ""
    detail: str = ""  # ``data`` as short ``key=value`` text
    data: Mapping[str, object] = field(default_factory=dict)  # the detail as recorded


@dataclass(frozen=True, slots=True)
class SettingsValues:
    """The admin settings: config keys as dotted names, e.g. "session.idle_timeout_s"."""

    values: Mapping[str, object] = field(default_factory=dict)
    defaults: Mapping[str, object] = field(default_factory=dict)
    # What each key accepts (from the config's own rules), for the editors:
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)  # "bool", "int", "float", "str"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One of a patient's sessions (newest first on the patient's page)."""

    id: str
    started_at: datetime
    status: str  # "completed", "stopped", "interrupted" or "open"
    mode: str  # "exercise" or "heel_rise_test"
    position: str
    variant: str
    rep_count: int
    peak_mean_mm: float | None
    peak_max_mm: float | None
    lsi_mean: float | None
    fault_reps: int
    fault_counts: Mapping[str, int] = field(default_factory=dict)
    ended_at: datetime | None = None
    # When the strip calibration the session used was saved by staff (None: the
    # empty step's baselines only, or no calibration).
    calibrated_at: datetime | None = None


# Audit log action codes written by staff mode (and the storage layer).
AUDIT_ACTIONS = (
    "sign_in", "sign_in_failed", "locked", "sign_in_while_locked", "sign_out",
    "add_staff", "remove_staff", "reset_pin",
    "add_patient", "update_patient", "archive_patient", "restore_patient",
    "prescribe", "accept_suggestion", "dismiss_suggestion",
    "change_settings", "prune_recordings",
    "acknowledge_devices", "calibrate_strips", "set_clock",
    "patient_sign_in", "patient_code_failed", "patient_code_locked",
    "patient_code_while_locked", "patient_id_unknown", "patient_card_unknown",
    "patient_card_unreadable", "set_sign_in_code", "clear_sign_in_code",
    "set_sign_in_card", "clear_sign_in_card",
    "export_with_names",  # a USB export with patients' names (kiosk.sync)
)
# Reasons for ``sign_out`` (the UI passes one).
SIGN_OUT_REASONS = ("button", "timeout", "step_on")


class AccountsPort(Protocol):
    """Sign-in and staff accounts (``kiosk.staff.account_service.AccountService``).
    ``sign_in`` checks a PIN hash (0.1-0.3 s), as ``add`` and ``reset_pin`` make one:
    call them off the UI thread."""

    def members(self) -> Sequence[StaffMember]: ...
    def sign_in(self, member_id: str, pin: str) -> SignIn: ...
    def sign_out(self, member: StaffMember, reason: str) -> None: ...
    def add(self, by: StaffMember, name: str, role: str, pin: str) -> StaffMember: ...
    def remove(self, by: StaffMember, member_id: str) -> None: ...
    def reset_pin(self, by: StaffMember, member_id: str, pin: str) -> None: ...


class PatientsPort(Protocol):
    """The patient list and records (``kiosk.staff.patient_service.PatientService``)."""

    def search(self, query: str = "", filter: str = "active", limit: int = 50,
               offset: int = 0) -> Sequence[PatientRecord]: ...
    def get(self, patient_id: str) -> PatientRecord: ...
    def save(self, by: StaffMember, record: PatientRecord) -> PatientRecord: ...
    def archive(self, by: StaffMember, patient_id: str) -> None: ...
    def restore(self, by: StaffMember, patient_id: str) -> None: ...
    def sessions(self, patient_id: str, limit: int = 50,
                 offset: int = 0) -> Sequence[SessionRecord]: ...


class PrescriptionsPort(Protocol):
    """Prescriptions (``kiosk.staff.prescription_service.PrescriptionService``)."""

    def templates(self, patient_id: str | None = None) -> Sequence[ProgrammeTemplate]: ...
    def current(self, patient_id: str) -> Prescription | None: ...
    def history(self, patient_id: str) -> Sequence[Prescription]: ...
    def prescribe(self, by: StaffMember, patient_id: str, programme: Programme,
                  note: str = "", target_share: float | None = None,
                  pacing: str = "adaptive",
                  rule: ProgressionRule | None = DEFAULT_RULE) -> Prescription: ...


class ProgressionsPort(Protocol):
    """Progression suggestions (``kiosk.staff.progression_service.ProgressionService``)."""

    def suggestions(self, patient_id: str) -> Sequence[ProgressionSuggestion]: ...
    def accept(self, by: StaffMember, suggestion_id: str) -> Prescription: ...
    def dismiss(self, by: StaffMember, suggestion_id: str) -> None: ...


class SettingsPort(Protocol):
    """The admin settings (``kiosk.staff.settings_service.SettingsService``)."""

    def values(self) -> SettingsValues: ...
    def save(self, by: StaffMember, changes: Mapping[str, object]) -> SettingsValues: ...


class AuditPort(Protocol):
    """The audit log (``kiosk.staff.audit_service.AuditService``)."""

    def entries(self, actor: str | None = None, since: datetime | None = None,
                until: datetime | None = None, limit: int = 100,
                offset: int = 0, action: str | None = None) -> Sequence[AuditEntry]: ...
    def actors(self) -> Sequence[str]: ...
    def actions(self) -> Sequence[str]: ...


class Identify(StrEnum):
    """What a patient's card or clinic ID and code came to at the kiosk."""

    OK = "ok"
    NO_MATCH = "no_match"  # unknown card, unknown ID, wrong or unset code: one answer
    LOCKED = "locked"  # too many wrong codes for this ID: see ``locked_until``
    BAD_CARD = "bad_card"  # what the reader typed is not a card token (too short, say)


@dataclass(frozen=True, slots=True)
class Identified:
    result: Identify
    patient_id: str | None = None
    locked_until: datetime | None = None  # UTC, when LOCKED


class IdentityPort(Protocol):
    """Patient sign-in by card or clinic ID and code (``kiosk.staff.identity``); the
    code checks and ``set_code`` hash: call them off the UI thread."""

    def by_card(self, typed: str) -> Identified: ...
    def by_code(self, clinic_id: str, code: str) -> Identified: ...
    def methods(self, by: StaffMember, patient_id: str) -> tuple[bool, bool]: ...
    def set_code(self, by: StaffMember, patient_id: str, code: str) -> None: ...
    def set_card(self, by: StaffMember, patient_id: str, typed: str) -> None: ...


class StaffPort(Protocol):
    """What the staff screens need from staff mode, one port per concern
    (``kiosk.staff.service.StaffServices``). Every call is short (well under 100 ms
    on the kiosk) except those that check or make a PIN hash (see ``AccountsPort``)."""

    @property
    def accounts(self) -> AccountsPort: ...
    @property
    def patients(self) -> PatientsPort: ...
    @property
    def prescriptions(self) -> PrescriptionsPort: ...
    @property
    def progressions(self) -> ProgressionsPort: ...
    @property
    def settings(self) -> SettingsPort: ...
    @property
    def audit(self) -> AuditPort: ...
    @property
    def identity(self) -> IdentityPort: ...
