"""Staff mode's service: accounts and PINs, patients, prescriptions, progressions,
settings and the audit log, behind ``kiosk.staff.api.StaffPort``. No Kivy.

Safety rules kept here (not in the screens):

- Every request names who makes it (``by``); it must be signed in on this
  service, and its role is read from the database, not from the record the
  screen hands in. Admin-only: staff accounts and settings.
- A refused request raises ``StaffRequestError`` with a code per field and
  changes nothing. A database that cannot be written (full, locked, read-only)
  is ``Problem.STORAGE``: the screen says so, never "Saved".
- Sign-ins are serialised, so five wrong PINs lock the account even when
  tried at once; the lock is in the database and survives a restart.

Threads: methods may be called from any thread (the ``Store`` serialises them);
``sign_in`` and ``add_staff`` hash a PIN (0.1-0.3 s): call them off the UI thread.
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from kiosk.config import Config
from kiosk.errors import ConfigError, StorageFullError
from kiosk.programme import Programme
from kiosk.staff import pins, prescriptions, progressions
from kiosk.staff import settings as settings_rules
from kiosk.staff.api import (
    DEFAULT_RULE,
    INJURED_SIDES,
    PATIENT_FILTERS,
    ROLES,
    SEXES,
    SIGN_OUT_REASONS,
    AuditEntry,
    PatientRecord,
    Prescription,
    Problem,
    ProgrammeTemplate,
    ProgressionRule,
    ProgressionSuggestion,
    SessionRecord,
    SettingsValues,
    SignIn,
    SignInResult,
    StaffMember,
    StaffRequestError,
)
from kiosk.staff.lockout import LONGEST_LOCK, lock_after
from kiosk.storage.ids import parse_utc
from kiosk.storage.staff import (
    DuplicateNameError,
    StaffTables,
    compact_id,
    current_programme,
    programme_from_row,
)
from kiosk.storage.store import NotFoundError, Store

__all__ = ["CONSOLE", "StaffService"]

log = logging.getLogger(__name__)

CONSOLE = "console"  # the audit log's actor for ``smartstep staff`` on the command line
NAME_MAX = 40
PATIENT_NAME_MAX = 80
CLINIC_ID_MAX = 40
DIAGNOSIS_MAX = 120
NOTES_MAX = 2000
BODY_MASS_RANGE = (20.0, 300.0)
FIRST_BIRTH_YEAR = 1900
PAGE_MAX = 500

P = ParamSpec("P")
R = TypeVar("R")


def _refuse(field: str, problem: Problem) -> StaffRequestError:
    return StaffRequestError({field: problem})


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Database trouble becomes ``Problem.STORAGE`` (logged with its cause), a missing
    record ``Problem.NOT_FOUND``: the screen gets a code, never a traceback."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except NotFoundError:
            raise _refuse("", Problem.NOT_FOUND) from None
        except (sqlite3.Error, StorageFullError, OSError) as exc:
            log.exception("staff: %s failed on the database", method.__name__)
            raise _refuse("", Problem.STORAGE) from exc

    return wrapper


def _time(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


def _text_ok(text: str) -> bool:
    """No control characters (a name or ID typed on the keyboard never has them)."""
    return not any(unicodedata.category(c).startswith("C") for c in text)


def _member(row: Mapping[str, Any]) -> StaffMember:
    return StaffMember(id=row["id"], name=row["name"], role=row["role"])


def _patient(row: Mapping[str, Any]) -> PatientRecord:
    return PatientRecord(
        id=row["id"], name=row["name"], clinic_id=row["clinic_id"] or "",
        year_of_birth=row["birth_year"], sex=row["sex"] or "",
        body_mass_kg=row["body_mass_kg"], injured_side=row["injured_side"] or "none",
        diagnosis=row["diagnosis"] or "", notes=row["notes"] or "",
        archived=bool(row["archived"]), last_session_at=_time(row["last_session_at"]),
    )


def _rule(text: str | None) -> ProgressionRule | None:
    if not text:
        return None
    data = json.loads(text)
    return ProgressionRule(sessions=int(data["sessions"]), good_share=float(data["good_share"]))


def _prescription(row: Mapping[str, Any]) -> Prescription:
    return Prescription(
        id=row["id"], patient_id=row["patient_id"], programme=programme_from_row(row),
        created_at=parse_utc(row["created_at"]), created_by=row["created_by"] or "",
        active=bool(row["active"]), note=row["note"] or "", target_share=row["target_share"],
        pacing=row["pacing"] or "adaptive", rule=_rule(row["progression"]),
    )


def _detail(text: str | None) -> str:
    """An audit entry's JSON detail as short ``key=value`` text."""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for key, value in data.items():
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            value = f"{value['from']}→{value['to']}"
        parts.append(f"{key}={value}")
    return ", ".join(parts)


class StaffService:
    """``StaffPort`` over the kiosk's ``Store``.

    :param store: the kiosk's database.
    :param config: the configuration from the config file; saved admin settings
        are laid over it (``config`` is then the one in effect).
    :param pin_cost: scrypt cost for new PIN hashes (tests pass a cheap one).
    :param now: the clock (UTC), for lockout tests.
    """

    def __init__(
        self, store: Store, config: Config, *, pin_cost: pins.ScryptCost = pins.DEFAULT_COST,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.tables = StaffTables(store)
        self.pin_cost = pin_cost
        self._now = now
        self._file_config = config
        self.config, self.settings_refused = settings_rules.apply_saved(
            config, self.tables.settings())
        # Called with the new configuration after settings are saved (the composition
        # root applies what it can without a restart).
        self.on_settings_changed: list[Callable[[Config], None]] = []
        self._signed_in: dict[str, StaffMember] = {}
        self._sign_in_lock = threading.Lock()
        self._decoy_hash = ""  # made at the first unknown account (see sign_in)

    # -- accounts ------------------------------------------------------------------

    @_guarded
    def staff_members(self) -> Sequence[StaffMember]:
        return [_member(r) for r in self.tables.accounts()]

    @_guarded
    def sign_in(self, member_id: str, pin: str) -> SignIn:
        """Check a PIN (0.1-0.3 s: call it off the UI thread). Audited either way."""
        with self._sign_in_lock:
            row = self.tables.account(member_id)
            if row is None:
                # As slow as a real check, so timing does not tell which accounts exist.
                self._decoy_hash = self._decoy_hash or pins.hash_pin("000000", self.pin_cost)
                pins.verify_pin(pin, self._decoy_hash)
                return SignIn(SignInResult.UNKNOWN)
            now = self._now()
            until = _time(row["locked_until"])
            if until is not None and now < until:
                # A clock set back must not stretch a lock past the longest one.
                until = min(until, now + LONGEST_LOCK)
                self.store.audit(row["name"], "sign_in_while_locked", "staff_accounts", row["id"])
                return SignIn(SignInResult.LOCKED, locked_until=until, failures=row["failures"])
            if pins.verify_pin(pin, row["pin_hash"]):
                self.tables.record_success(row["id"], row["name"])
                if pins.needs_rehash(row["pin_hash"], self.pin_cost):
                    self.tables.set_pin(row["id"], pins.hash_pin(pin, self.pin_cost), "",
                                        action="")
                member = _member(row)
                self._signed_in[member.id] = member
                return SignIn(SignInResult.OK, member=member)
            failures, until = self.tables.record_failure(row["id"], row["name"], now, lock_after)
            if until is not None:
                return SignIn(SignInResult.LOCKED, locked_until=until, failures=failures)
            return SignIn(SignInResult.WRONG_PIN, failures=failures)

    @_guarded
    def sign_out(self, member: StaffMember, reason: str) -> None:
        """End a sign-in (``reason``: one of SIGN_OUT_REASONS); audited once."""
        if self._signed_in.pop(member.id, None) is None:
            return
        reason = reason if reason in SIGN_OUT_REASONS else "other"
        self.store.audit(member.name, "sign_out", "staff_accounts", member.id,
                         {"reason": reason})

    def is_signed_in(self, member: StaffMember) -> bool:
        return member.id in self._signed_in

    def _authorise(self, by: StaffMember, admin: bool = False) -> str:
        """The actor's name, when ``by`` is signed in (and an admin, if asked)."""
        if by.id not in self._signed_in:
            raise _refuse("", Problem.NOT_ALLOWED)
        row = self.tables.account(by.id)
        if row is None:  # removed meanwhile
            self._signed_in.pop(by.id, None)
            raise _refuse("", Problem.NOT_ALLOWED)
        if admin and row["role"] != "admin":
            raise _refuse("", Problem.NOT_ALLOWED)
        return row["name"]

    def _new_account(self, actor: str, name: str, role: str, pin: str) -> StaffMember:
        name = " ".join(name.split())
        problems: dict[str, Problem] = {}
        if not name:
            problems["name"] = Problem.REQUIRED
        elif len(name) > NAME_MAX:
            problems["name"] = Problem.TOO_LONG
        elif not _text_ok(name):
            problems["name"] = Problem.BAD_VALUE
        if role not in ROLES:
            problems["role"] = Problem.BAD_VALUE
        if not pins.pin_format_ok(pin):
            problems["pin"] = Problem.PIN_FORMAT
        if problems:
            raise StaffRequestError(problems)
        try:
            account_id = self.tables.add_account(name, role, pins.hash_pin(pin, self.pin_cost),
                                                 actor)
        except DuplicateNameError:
            raise _refuse("name", Problem.DUPLICATE) from None
        return StaffMember(account_id, name, role)

    @_guarded
    def add_staff(self, by: StaffMember, name: str, role: str, pin: str) -> StaffMember:
        """A new account (admin only; hashes the PIN: call off the UI thread)."""
        return self._new_account(self._authorise(by, admin=True), name, role, pin)

    def _remove(self, actor: str, account_id: str) -> None:
        with self.store.transaction():  # the last-admin check and the removal together
            row = self.tables.account(account_id)
            if row is None:
                raise _refuse("", Problem.NOT_FOUND)
            if row["role"] == "admin" and self.tables.admin_count() <= 1:
                raise _refuse("", Problem.LAST_ADMIN)
            self.tables.remove_account(account_id, actor)
        self._signed_in.pop(account_id, None)

    @_guarded
    def remove_staff(self, by: StaffMember, member_id: str) -> None:
        """Remove an account (admin only); never the last admin."""
        self._remove(self._authorise(by, admin=True), member_id)

    @_guarded
    def reset_pin(self, by: StaffMember, member_id: str, pin: str) -> None:
        """A new PIN for a member of staff who forgot theirs (admin only; lifts any lock;
        hashes the PIN: call off the UI thread)."""
        actor = self._authorise(by, admin=True)
        if self.tables.account(member_id) is None:
            raise _refuse("", Problem.NOT_FOUND)
        if not pins.pin_format_ok(pin):
            raise _refuse("pin", Problem.PIN_FORMAT)
        self.tables.set_pin(member_id, pins.hash_pin(pin, self.pin_cost), actor)

    # The command line's account tools (``smartstep staff``): whoever has the
    # kiosk's console is trusted, as for any admin tool; each is audited as "console".

    @_guarded
    def console_add(self, name: str, role: str, pin: str) -> StaffMember:
        return self._new_account(CONSOLE, name, role, pin)

    @_guarded
    def console_reset_pin(self, name: str, pin: str) -> StaffMember:
        """A new PIN for an account; also lifts its lock."""
        row = self.tables.account_by_name(name)
        if row is None:
            raise _refuse("name", Problem.NOT_FOUND)
        if not pins.pin_format_ok(pin):
            raise _refuse("pin", Problem.PIN_FORMAT)
        self.tables.set_pin(row["id"], pins.hash_pin(pin, self.pin_cost), CONSOLE)
        return _member(row)

    @_guarded
    def console_remove(self, name: str) -> StaffMember:
        row = self.tables.account_by_name(name)
        if row is None:
            raise _refuse("name", Problem.NOT_FOUND)
        self._remove(CONSOLE, row["id"])
        return _member(row)

    @_guarded
    def console_accounts(self) -> list[dict[str, Any]]:
        """Accounts for ``smartstep staff list``: name, role, created, locked until (no hash)."""
        return self.tables.accounts()

    # -- patients -----------------------------------------------------------------

    def _week_start(self) -> datetime:
        """Monday 00:00 of this week on the kiosk's own clock (the clinic's week)."""
        local = self._now().astimezone()
        monday = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0)
        return monday.astimezone(UTC)

    @_guarded
    def patients(self, query: str = "", filter: str = "active", limit: int = 50,
                 offset: int = 0) -> Sequence[PatientRecord]:
        """Search by name (accents and case ignored) or clinic ID; ``filter``: active,
        archived, or week (active and seen since Monday). Alphabetical; "week" by last visit."""
        if filter not in PATIENT_FILTERS:
            raise _refuse("filter", Problem.BAD_VALUE)
        limit = max(1, min(int(limit), PAGE_MAX))
        rows = self.tables.patients(query, filter, limit, max(0, int(offset)), self._week_start())
        return [_patient(r) for r in rows]

    @_guarded
    def patient(self, patient_id: str) -> PatientRecord:
        row = self.tables.patient(patient_id)
        if row is None:
            raise _refuse("", Problem.NOT_FOUND)
        return _patient(row)

    def _patient_fields(self, record: PatientRecord) -> dict[str, Any]:
        """The checked, tidied columns of a patient form (raises on any problem)."""
        problems: dict[str, Problem] = {}
        name = " ".join(record.name.split())
        clinic_id = record.clinic_id.strip()
        if not name:
            problems["name"] = Problem.REQUIRED
        elif len(name) > PATIENT_NAME_MAX:
            problems["name"] = Problem.TOO_LONG
        elif not _text_ok(name):
            problems["name"] = Problem.BAD_VALUE
        if len(clinic_id) > CLINIC_ID_MAX:
            problems["clinic_id"] = Problem.TOO_LONG
        elif not _text_ok(clinic_id):
            problems["clinic_id"] = Problem.BAD_VALUE
        year = record.year_of_birth
        if year is not None and not FIRST_BIRTH_YEAR <= year <= self._now().year:
            problems["year_of_birth"] = Problem.OUT_OF_RANGE
        if record.sex not in SEXES:
            problems["sex"] = Problem.BAD_VALUE
        mass = record.body_mass_kg
        if mass is not None and not BODY_MASS_RANGE[0] <= mass <= BODY_MASS_RANGE[1]:
            problems["body_mass_kg"] = Problem.OUT_OF_RANGE  # also NaN
        if record.injured_side not in INJURED_SIDES:
            problems["injured_side"] = Problem.BAD_VALUE
        for field, text, most in (("diagnosis", record.diagnosis, DIAGNOSIS_MAX),
                                  ("notes", record.notes, NOTES_MAX)):
            if len(text.strip()) > most:
                problems[field] = Problem.TOO_LONG
        if problems:
            raise StaffRequestError(problems)
        return {
            "name": name, "clinic_id": clinic_id or None, "birth_year": year,
            "sex": record.sex, "body_mass_kg": None if mass is None else float(mass),
            "injured_side": record.injured_side, "diagnosis": record.diagnosis.strip(),
            "notes": record.notes.strip(),
        }

    @_guarded
    def save_patient(self, by: StaffMember, record: PatientRecord) -> PatientRecord:
        """Add (``record.id`` "") or edit a patient. ``archived`` is changed only by
        ``archive_patient`` / ``restore_patient``. A clinic ID must be unique."""
        actor = self._authorise(by)
        fields = self._patient_fields(record)
        with self.store.transaction():  # the clinic ID check and the write together
            old = self.tables.patient(record.id) if record.id else None
            if record.id and old is None:
                raise _refuse("", Problem.NOT_FOUND)
            # Checked when new or changed only: a merged database may already hold a
            # duplicate, and that must not block editing the patient's other fields.
            id_changed = old is None or (
                compact_id(old["clinic_id"]) != compact_id(fields["clinic_id"]))
            if id_changed and self.tables.clinic_id_taken(fields["clinic_id"] or "", record.id):
                raise _refuse("clinic_id", Problem.DUPLICATE)
            if old is not None:
                # Only what changed is written, so the audit log says what was edited.
                changed = {k: v for k, v in fields.items() if old[k] != v}
                if changed:
                    self.store.update_patient(record.id, actor=actor, **changed)
                patient_id = record.id
            else:
                patient_id = self.store.add_patient(
                    fields["name"], fields["clinic_id"], fields["birth_year"], fields["notes"],
                    actor=actor, sex=fields["sex"], body_mass_kg=fields["body_mass_kg"],
                    injured_side=fields["injured_side"], diagnosis=fields["diagnosis"],
                )
        return self.patient(patient_id)

    def _set_archived(self, by: StaffMember, patient_id: str, archived: bool) -> None:
        actor = self._authorise(by)
        if self.tables.patient(patient_id) is None:
            raise _refuse("", Problem.NOT_FOUND)
        self.store.update_patient(
            patient_id, actor=actor, action="archive_patient" if archived else "restore_patient",
            archived=int(archived),
        )

    @_guarded
    def archive_patient(self, by: StaffMember, patient_id: str) -> None:
        """Hide a patient from the sign-in list (their history stays)."""
        self._set_archived(by, patient_id, True)

    @_guarded
    def restore_patient(self, by: StaffMember, patient_id: str) -> None:
        self._set_archived(by, patient_id, False)

    @_guarded
    def patient_sessions(self, patient_id: str, limit: int = 50,
                         offset: int = 0) -> Sequence[SessionRecord]:
        """A patient's sessions, newest first (a page of ``limit``)."""
        rows = self.tables.patient_sessions(patient_id, max(1, min(int(limit), PAGE_MAX)),
                                            max(0, int(offset)))
        return [
            SessionRecord(
                id=r["id"], started_at=parse_utc(r["started_at"]), status=r["status"],
                mode=r["mode"], position=r["position"] or "", variant=r["variant"] or "",
                rep_count=r["rep_count"] or 0, peak_mean_mm=r["peak_mean_mm"],
                peak_max_mm=r["peak_max_mm"], lsi_mean=r["lsi_mean"],
                fault_reps=r["fault_reps"] or 0, fault_counts=r["fault_counts"],
                ended_at=_time(r["ended_at"]),
                calibrated_at=_time(r["calibrated_at"]),
            )
            for r in rows
        ]

    # -- prescriptions --------------------------------------------------------------

    @_guarded
    def templates(self, patient_id: str | None = None) -> Sequence[ProgrammeTemplate]:
        """The guide's templates; for a patient, one-leg variants on their injured side."""
        side = "none"
        if patient_id:
            row = self.tables.patient(patient_id)
            side = row["injured_side"] if row else "none"
        return prescriptions.templates_for(side)

    @_guarded
    def prescription(self, patient_id: str) -> Prescription | None:
        row = self.tables.current_prescription(patient_id)
        return _prescription(row) if row else None

    @_guarded
    def prescription_history(self, patient_id: str) -> Sequence[Prescription]:
        """Every version, newest first (the first is current unless none is active)."""
        return [_prescription(r) for r in self.tables.prescriptions(patient_id)]

    @_guarded
    def prescribe(self, by: StaffMember, patient_id: str, programme: Programme,
                  note: str = "", target_share: float | None = None,
                  pacing: str = "adaptive",
                  rule: ProgressionRule | None = DEFAULT_RULE) -> Prescription:
        """A new version of the patient's programme (the old one stays in the history).

        A heel-rise test has no progression rule.
        """
        actor = self._authorise(by)
        return self._prescribe(actor, patient_id, programme, note.strip(), target_share,
                               pacing, rule, action="prescribe")

    def _prescribe(self, actor: str, patient_id: str, programme: Programme, note: str,
                   target_share: float | None, pacing: str, rule: ProgressionRule | None,
                   action: str) -> Prescription:
        problems = dict(prescriptions.check(programme, note, target_share, pacing))
        if rule is not None and not progressions.rule_ok(rule):
            problems["rule"] = Problem.OUT_OF_RANGE
        if problems:
            raise StaffRequestError(problems)
        if self.tables.patient(patient_id) is None:
            raise _refuse("", Problem.NOT_FOUND)
        if programme.mode != "exercise":
            rule = None
        progression = None if rule is None else {"sessions": rule.sessions,
                                                 "good_share": rule.good_share}
        programme_id = self.store.prescribe(
            patient_id, programme, actor=actor, note=note, target_share=target_share,
            pacing=pacing, progression=progression, action=action,
        )
        row = self.tables.prescription(programme_id)
        assert row is not None
        return _prescription(row)

    # -- progressions ----------------------------------------------------------------

    def _target_mm(self, row: Mapping[str, Any]) -> float | None:
        """A prescription's target height: absolute, or a share of the patient's best."""
        if row["target_share"] is not None:
            programme = current_programme(self.store, row["patient_id"])
            return programme.target_mm if programme else None
        return row["target_mm"]

    def _evaluate(self, patient_id: str) -> dict[str, Any] | None:
        """Store a suggestion when the current prescription's rule is met; returns the
        current prescription row (None: no prescription)."""
        current = self.tables.current_prescription(patient_id)
        if current is None:
            return None
        rule = _rule(current["progression"])
        if rule is None or self.tables.suggestion_for(current["id"]) is not None:
            return current
        target = self._target_mm(current)
        latest = []
        for s in self.tables.sessions_since(patient_id, current["created_at"], rule.sessions):
            reps, good = self.tables.good_reps(s["id"], target)
            latest.append(progressions.SessionResult(s["status"], reps, good))
        if not progressions.rule_met(rule, latest):
            return current
        patient = self.tables.patient(patient_id)
        step = progressions.next_step(programme_from_row(current),
                                      patient["injured_side"] if patient else "none")
        if step is not None:
            ladder, proposed = step
            self.tables.add_suggestion(patient_id, current["id"], rule.code, ladder, proposed)
        return current

    def _suggestion(self, row: Mapping[str, Any], current: Mapping[str, Any]
                    ) -> ProgressionSuggestion:
        return ProgressionSuggestion(
            id=row["id"], patient_id=row["patient_id"], rule=row["rule"], ladder=row["ladder"],
            current=programme_from_row(current),
            proposed=Programme.from_dict(json.loads(row["proposed"])),
            created_at=parse_utc(row["created_at"]),
        )

    @_guarded
    def suggestions(self, patient_id: str) -> Sequence[ProgressionSuggestion]:
        """Open suggestions for the patient's current prescription (checks the rule first)."""
        current = self._evaluate(patient_id)
        if current is None:
            return []
        return [self._suggestion(r, current) for r in self.tables.open_suggestions(patient_id)
                if r["programme_id"] == current["id"]]

    @_guarded
    def ready_to_progress(self, patient_id: str) -> bool:
        """For the patient's own summary screen ("your physio may move you on"): True
        when the current prescription has an open suggestion. Never changes the programme."""
        current = self._evaluate(patient_id)
        if current is None:
            return False
        row = self.tables.suggestion_for(current["id"])
        return row is not None and row["status"] == "open"

    def _open_suggestion(self, suggestion_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        row = self.tables.suggestion(suggestion_id)
        if row is None or row["status"] != "open":
            raise _refuse("", Problem.NOT_FOUND)
        current = self.tables.current_prescription(row["patient_id"])
        if current is None or current["id"] != row["programme_id"]:
            raise _refuse("", Problem.NOT_FOUND)  # the programme changed since
        return row, current

    @_guarded
    def accept_suggestion(self, by: StaffMember, suggestion_id: str) -> Prescription:
        """The suggested step as the patient's new prescription version (one tap)."""
        actor = self._authorise(by)
        with self.store.transaction():
            row, current = self._open_suggestion(suggestion_id)
            self.tables.decide_suggestion(suggestion_id, "accepted", actor)
            return self._prescribe(
                actor, row["patient_id"], Programme.from_dict(json.loads(row["proposed"])),
                current["note"] or "", current["target_share"], current["pacing"],
                _rule(current["progression"]), action="accept_suggestion",
            )

    @_guarded
    def dismiss_suggestion(self, by: StaffMember, suggestion_id: str) -> None:
        """Not now: this version is not suggested again (a new version may be)."""
        actor = self._authorise(by)
        with self.store.transaction():
            self._open_suggestion(suggestion_id)
            self.tables.decide_suggestion(suggestion_id, "dismissed", actor)

    # -- settings ----------------------------------------------------------------------

    @_guarded
    def settings(self) -> SettingsValues:
        defaults = Config()
        choices, ranges, kinds = settings_rules.limits()
        keys = settings_rules.SETTINGS_KEYS
        return SettingsValues(
            values={k: settings_rules.value_of(self.config, k) for k in keys},
            defaults={k: settings_rules.value_of(defaults, k) for k in keys},
            choices=choices, ranges=ranges, kinds=kinds,
        )

    def _check_settings(self, saved: Mapping[str, Any], changes: Mapping[str, object]) -> Config:
        """The configuration the changes give, or every bad key at once."""
        problems: dict[str, Problem] = {}
        for key, value in changes.items():
            try:
                settings_rules.apply(self._file_config, {**saved, key: value})
            except ConfigError as exc:
                problems[key] = {"out_of_range": Problem.OUT_OF_RANGE,
                                 "unknown_key": Problem.NOT_ALLOWED}.get(
                                     exc.problem, Problem.BAD_VALUE)
        if problems:
            raise StaffRequestError(problems)
        try:
            return settings_rules.apply(self._file_config, {**saved, **changes})
        except ConfigError as exc:  # keys fine alone but not together
            raise _refuse(exc.key or "", Problem.BAD_VALUE) from None

    @_guarded
    def save_settings(self, by: StaffMember, changes: Mapping[str, object]) -> SettingsValues:
        """Validate (as the config file is), save all at once, apply, audit (admin only)."""
        actor = self._authorise(by, admin=True)
        saved = self.tables.settings()
        changes = {k: v for k, v in changes.items()
                   if k not in settings_rules.SETTINGS_KEYS
                   or v != settings_rules.value_of(self.config, k)}
        if not changes:
            return self.settings()
        config = self._check_settings(saved, changes)
        before = {k: settings_rules.value_of(self.config, k) for k in changes}
        self.tables.save_settings(changes, actor, before)
        self.config = config
        self.settings_refused = {}
        for listener in list(self.on_settings_changed):
            try:
                listener(config)
            except Exception:  # saved already; the part that failed applies at restart
                log.exception("applying new settings failed in %r", listener)
        return self.settings()

    # -- audit ---------------------------------------------------------------------------

    @_guarded
    def audit(self, actor: str | None = None, since: datetime | None = None,
              until: datetime | None = None, limit: int = 100,
              offset: int = 0) -> Sequence[AuditEntry]:
        """Who did what and when, newest first; by person and time (``until`` exclusive)."""
        rows = self.tables.audit(actor, since, until, max(1, min(int(limit), PAGE_MAX)),
                                 max(0, int(offset)))
        return [
            AuditEntry(at=parse_utc(r["at"]), actor=r["actor"], action=r["action"],
                       target=r["target_name"] or r["target_id"] or "",
                       detail=_detail(r["detail"]))
            for r in rows
        ]

    @_guarded
    def audit_actors(self) -> Sequence[str]:
        return self.tables.audit_actors()

