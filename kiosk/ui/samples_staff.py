"""Sample data for the staff screens' screenshots: an in-memory ``StaffPort``.

Sample data only, never the product: the kiosk runs ``kiosk.staff.service``.
PINs here are compared in plain text and nothing is stored.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from kiosk.programme import Programme, Tempo
from kiosk.staff.api import (
    AuditEntry,
    PatientRecord,
    Prescription,
    Problem,
    ProgrammeTemplate,
    ProgressionSuggestion,
    SettingsValues,
    SignIn,
    SignInResult,
    StaffMember,
    StaffRequestError,
)

SAMPLE_PIN = "123456"
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)

TEMPLATES = (
    ProgrammeTemplate("achilles_early", Programme(
        name="Achilles early loading", position="sitting", variant="both", sets=3, reps=15,
        tempo=Tempo(3, 0, 3), rest_between_sets_s=60)),
    ProgrammeTemplate("eccentric_alfredson", Programme(
        name="Eccentric (Alfredson-style)", position="step", variant="ecc_left", sets=3,
        reps=15, tempo=Tempo(2, 0, 3), rest_between_sets_s=60)),
    ProgrammeTemplate("strength", Programme(
        name="Strength", position="step", variant="both", sets=4, reps=8, weight_kg=10,
        tempo=Tempo(3, 1, 3), rest_between_sets_s=120)),
    ProgrammeTemplate("heel_rise_test", Programme.heel_rise_test()),
)

SETTINGS_DEFAULTS: dict[str, object] = {
    "step_id": "step-01",
    "session.idle_timeout_s": 90.0,
    "storage.recordings_keep_days": 365,
    "faults.partial_share": 0.7,
    "faults.too_fast_share": 0.3,
    "faults.ankles_out_share": 0.6,
    "faults.heels_in_share": 0.85,
    "sound.volume": 70,
    "lights.brightness": 80,
}


class SampleStaff:
    """``StaffPort`` over a few in-memory records (screenshots, layout checks)."""

    def __init__(self) -> None:
        self._ids = (str(i) for i in itertools.count(1000))
        self.members = {m.id: m for m in (
            StaffMember("s1", "Maria Sørensen", "admin"), StaffMember("s2", "Jonas Weiß", "staff"),
            StaffMember("s3", "Zoë Kowalczyk-Łęcka", "staff"))}
        self.pins = {mid: SAMPLE_PIN for mid in self.members}
        self.failures: dict[str, int] = {}
        self.records: dict[str, PatientRecord] = {}
        self.history: dict[str, list[Prescription]] = {}
        self.pending: dict[str, ProgressionSuggestion] = {}
        self.log: list[AuditEntry] = []
        self.values = dict(SETTINGS_DEFAULTS)
        for i, (name, clinic_id, side) in enumerate((
            ("Anna Berger", "C-1042", "left"), ("Bernd Huber", "C-1107", "right"),
            ("Carla Jensen", "C-0981", "both"), ("Chloé Dubois", "C-1290", "left"),
            ("David Okafor", "C-1250", "none"), ("Łukasz Nowak", "C-1311", "right"),
            ("Nuñez-O'Brien, Íñigo", "C-0876", "left"),
        )):
            pid = f"p{i}"
            self.records[pid] = PatientRecord(
                pid, name, clinic_id, 1950 + 5 * i, ("female", "male")[i % 2], 62.0 + 3 * i,
                side, "Achilles tendinopathy, mid-portion" if i % 2 else "Achilles rupture, "
                "repaired (week 10)", "Prefers mornings", last_session_at=NOW - timedelta(days=i))
        first = self.records["p0"]
        early = TEMPLATES[0].programme
        self.history["p0"] = [
            Prescription("rx1", "p0", early, NOW - timedelta(days=30), "Maria Sørensen",
                         active=False, note="Start"),
            Prescription("rx2", "p0", dataclasses.replace(early, position="floor"),
                         NOW - timedelta(days=12), "Jonas Weiß", note="Standing now"),
        ]
        self.pending["g1"] = ProgressionSuggestion(
            "g1", first.id, "good_reps_3_sessions", "variant",
            dataclasses.replace(early, position="floor"),
            dataclasses.replace(early, position="step", variant="ecc_left"), NOW)
        for i, (actor, action, target) in enumerate((
            ("Maria Sørensen", "sign_in", ""), ("Maria Sørensen", "patient_added", "Chloé Dubois"),
            ("Maria Sørensen", "prescribed", "Anna Berger"), ("Jonas Weiß", "sign_in_failed", ""),
            ("Jonas Weiß", "sign_in", ""), ("Jonas Weiß", "patient_updated", "Bernd Huber"),
            ("Jonas Weiß", "settings_changed", "session.idle_timeout_s"),
        )):
            self.log.append(AuditEntry(NOW - timedelta(minutes=50 - 7 * i), actor, action, target))

    def _audit(self, by: StaffMember | str, action: str, target: str = "") -> None:
        actor = by if isinstance(by, str) else by.name
        self.log.append(AuditEntry(datetime.now(UTC), actor, action, target))

    # accounts
    def staff_members(self) -> Sequence[StaffMember]:
        return list(self.members.values())

    def sign_in(self, member_id: str, pin: str) -> SignIn:
        member = self.members.get(member_id)
        if member is None:
            return SignIn(SignInResult.UNKNOWN)
        if self.pins[member_id] != pin:
            n = self.failures.get(member_id, 0) + 1
            self.failures[member_id] = n
            self._audit(member, "sign_in_failed")
            if n >= 5:
                return SignIn(SignInResult.LOCKED, locked_until=datetime.now(UTC)
                              + timedelta(minutes=2 ** (n - 5)), failures=n)
            return SignIn(SignInResult.WRONG_PIN, failures=n)
        self.failures[member_id] = 0
        self._audit(member, "sign_in")
        return SignIn(SignInResult.OK, member)

    def sign_out(self, member: StaffMember, reason: str) -> None:
        self._audit(member, "sign_out", reason)

    def add_staff(self, by: StaffMember, name: str, role: str, pin: str) -> StaffMember:
        if not name.strip():
            raise StaffRequestError({"name": Problem.REQUIRED})
        if not (pin.isdigit() and 6 <= len(pin) <= 12):
            raise StaffRequestError({"pin": Problem.PIN_FORMAT})
        member = StaffMember(next(self._ids), name.strip(), role)
        self.members[member.id] = member
        self.pins[member.id] = pin
        self._audit(by, "staff_added", member.name)
        return member

    def remove_staff(self, by: StaffMember, member_id: str) -> None:
        member = self.members.pop(member_id)
        self._audit(by, "staff_removed", member.name)

    # patients
    def patients(self, query: str = "", filter: str = "active", limit: int = 50,
                 offset: int = 0) -> Sequence[PatientRecord]:
        q = query.casefold()
        rows = [r for r in self.records.values()
                if (filter == "archived") == r.archived
                and (not q or q in r.name.casefold() or q in r.clinic_id.casefold())]
        return sorted(rows, key=lambda r: r.name.casefold())[offset:offset + limit]

    def patient(self, patient_id: str) -> PatientRecord:
        return self.records[patient_id]

    def save_patient(self, by: StaffMember, record: PatientRecord) -> PatientRecord:
        if not record.name.strip():
            raise StaffRequestError({"name": Problem.REQUIRED})
        if record.clinic_id and any(r.clinic_id == record.clinic_id and r.id != record.id
                                    for r in self.records.values()):
            raise StaffRequestError({"clinic_id": Problem.DUPLICATE})
        saved = dataclasses.replace(record, id=record.id or next(self._ids))
        self.records[saved.id] = saved
        self._audit(by, "patient_updated" if record.id else "patient_added", saved.name)
        return saved

    def archive_patient(self, by: StaffMember, patient_id: str) -> None:
        self.records[patient_id] = dataclasses.replace(self.records[patient_id], archived=True)

    def restore_patient(self, by: StaffMember, patient_id: str) -> None:
        self.records[patient_id] = dataclasses.replace(self.records[patient_id], archived=False)

    # prescriptions and progressions
    def templates(self) -> Sequence[ProgrammeTemplate]:
        return TEMPLATES

    def prescription(self, patient_id: str) -> Prescription | None:
        active = [p for p in self.history.get(patient_id, []) if p.active]
        return active[-1] if active else None

    def prescription_history(self, patient_id: str) -> Sequence[Prescription]:
        return list(reversed(self.history.get(patient_id, [])))

    def prescribe(self, by: StaffMember, patient_id: str, programme: Programme,
                  note: str = "", target_share: float | None = None,
                  pacing: str = "adaptive") -> Prescription:
        versions = self.history.setdefault(patient_id, [])
        versions[:] = [dataclasses.replace(p, active=False) for p in versions]
        rx = Prescription(next(self._ids), patient_id, programme, datetime.now(UTC), by.name,
                          note=note, target_share=target_share, pacing=pacing)
        versions.append(rx)
        self._audit(by, "prescribed", self.records[patient_id].name)
        return rx

    def suggestions(self, patient_id: str) -> Sequence[ProgressionSuggestion]:
        return [s for s in self.pending.values() if s.patient_id == patient_id]

    def accept_suggestion(self, by: StaffMember, suggestion_id: str) -> Prescription:
        s = self.pending.pop(suggestion_id)
        return self.prescribe(by, s.patient_id, s.proposed, note="Progression")

    def dismiss_suggestion(self, by: StaffMember, suggestion_id: str) -> None:
        self.pending.pop(suggestion_id, None)

    # settings and audit
    def settings(self) -> SettingsValues:
        return SettingsValues(dict(self.values), dict(SETTINGS_DEFAULTS))

    def save_settings(self, by: StaffMember, changes: Mapping[str, object]) -> SettingsValues:
        problems = {k: Problem.OUT_OF_RANGE for k, v in changes.items()
                    if isinstance(v, int | float) and v < 0}
        if problems:
            raise StaffRequestError(problems)
        self.values.update(changes)
        self._audit(by, "settings_changed", ", ".join(changes))
        return self.settings()

    def audit(self, actor: str | None = None, since: datetime | None = None,
              until: datetime | None = None, limit: int = 100,
              offset: int = 0) -> Sequence[AuditEntry]:
        rows = [e for e in reversed(self.log) if (actor is None or e.actor == actor)
                and (since is None or e.at >= since) and (until is None or e.at < until)]
        return rows[offset:offset + limit]
