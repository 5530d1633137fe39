"""The sample clinic behind the screenshots: patients on the sign-in list, and staff
mode (the real staff services) on the same throw-away store.

A few staff accounts (PIN ``SAMPLE_PIN``, hashed cheaply: sample data only),
patients with accented names and every field filled in, prescriptions, and for
the first patient three good sessions since her prescription, so the service
itself suggests the next step.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config
from kiosk.programme import Programme, Tempo
from kiosk.staff.api import PatientRecord, SignInResult, StaffMember
from kiosk.staff.pins import ScryptCost
from kiosk.staff.prescriptions import templates_for
from kiosk.staff.service import StaffServices, build_staff_services
from kiosk.storage.store import Store

SAMPLE_PIN = "123456"
# Sample accounts only: a cheap hash keeps the screenshots quick (the kiosk uses the real cost).
SAMPLE_PIN_COST = ScryptCost(n=2**8, r=8, p=1)
SAMPLE_STAFF = (("Maria Sørensen", "admin"), ("Jonas Weiß", "staff"),
                ("Zoë Kowalczyk-Łęcka", "staff"))
SAMPLE_STAFF_PATIENTS = (
    ("Anna Berger", "C-1042", 1958, "female", 64.0, "left", "Achilles rupture, repaired"),
    ("Bernd Huber", "C-1107", 1971, "male", 88.5, "right", "Mid-portion tendinopathy"),
    ("Chloé Dubois", "C-1290", 1990, "female", 58.0, "both", "Insertional tendinopathy"),
    ("Łukasz Nowak", "C-1311", 1966, "male", 92.0, "right", "Calf strain"),
    ("Íñigo Nuñez-O'Brien", "C-0876", 1983, "male", 79.0, "left", "Achilles rupture"),
)
SAMPLE_CLINICIANS = ("Ingrid Holm (physiotherapist)", "Dr. Paul Meyer")
SAMPLE_PATIENTS = (
    ("Anna Berger", "C-1042"), ("Bernd Huber", "C-1107"), ("Carla Jensen", "C-0981"),
    ("David Okafor", "C-1250"), ("Eva Lindqvist", ""), ("Farid Haddad", "C-1311"),
    ("Greta Novak", "C-0876"),
)
# The first sample patient's first prescription (the staff sample prescribes her again).
FIRST_PRESCRIPTION = Programme(position="step", variant="both", sets=3, reps=12,
                               tempo=Tempo(2, 1, 3), target_mm=70.0)


def sample_store(path: Path) -> Store:
    """A new store at ``path`` with the sample patients, one with a prescription."""
    store = Store(path)
    for i, (name, clinic_id) in enumerate(SAMPLE_PATIENTS):
        pid = store.add_patient(name, clinic_id or None)
        if i == 0:
            store.prescribe(pid, FIRST_PRESCRIPTION)
    return store


def sign_in_sample(staff: StaffServices, name: str) -> StaffMember:
    member = next(m for m in staff.accounts.members() if m.name == name)
    answer = staff.accounts.sign_in(member.id, SAMPLE_PIN)
    assert answer.result is SignInResult.OK and answer.member is not None
    return answer.member


def record_good_session(store: Store, patient_id: str, programme: Programme,
                        step_id: str = "step-01") -> None:
    """A completed session of ``programme`` with every rep clean (sample history)."""
    session_id = store.start_session(patient_id, programme, step_id=step_id)
    store.start_set(session_id, 1, programme.reps)
    for n in range(1, programme.reps + 1):
        t = 4.0 * n
        store.add_rep(session_id, 1, n, {
            "start_s": t, "top_s": t + 1.2, "end_s": t + 3.0, "peak_mm": 64.0 + n % 5,
            "up_s": 1.0, "down_s": 1.5, "stance": "both", "faults": [],
        })
    store.end_session(session_id, "completed")


def sample_staff_services(store: Store, config: Config | None = None,
                          suggestion: bool = True) -> StaffServices:
    """Staff mode on ``store``, filled with the sample accounts and patients."""
    config = config or Config()
    staff = build_staff_services(store, config, pin_cost=SAMPLE_PIN_COST)
    for name, role in SAMPLE_STAFF:
        staff.console.add(name, role, SAMPLE_PIN)
    admin = sign_in_sample(staff, SAMPLE_STAFF[0][0])
    ids: list[str] = []
    for name, clinic_id, born, sex, mass, side, diagnosis in SAMPLE_STAFF_PATIENTS:
        # A patient the store already has (same clinic ID) gets the details filled in.
        known = [p.id for p in staff.patients.search(clinic_id, "active")
                 if p.clinic_id == clinic_id]
        record = staff.patients.save(admin, PatientRecord(
            id=known[0] if known else "", name=name, clinic_id=clinic_id, year_of_birth=born,
            sex=sex, body_mass_kg=mass, injured_side=side, diagnosis=diagnosis,
            clinician=SAMPLE_CLINICIANS[len(ids) % 2], notes="Prefers morning sessions"))
        ids.append(record.id)
    early = {t.code: t.programme for t in templates_for("left")}
    staff.prescriptions.prescribe(admin, ids[0], early["achilles_early"], note="Start gently")
    staff.prescriptions.prescribe(admin, ids[1], early["strength"])
    if suggestion:
        current = staff.prescriptions.current(ids[0])
        assert current is not None
        for _ in range(3):
            record_good_session(store, ids[0], current.programme, config.step_id)
    staff.accounts.sign_out(admin, "button")
    return staff
