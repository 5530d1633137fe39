"""The patient side: sign-in lists only active patients; the programme screen gets the
current prescription (a relative target already in mm)."""

from __future__ import annotations

from kiosk.programme import Programme
from kiosk.session.directory import StoreDirectory
from kiosk.staff.api import PatientRecord


def test_only_active_patients_and_their_current_prescription(service, physio, store):
    kept = service.patients.save(physio, PatientRecord(id="", name="Kept", clinic_id="K-1"))
    gone = service.patients.save(physio, PatientRecord(id="", name="Gone"))
    service.patients.archive(physio, gone.id)
    directory = StoreDirectory(store)
    assert [p.name for p in directory.patients()] == ["Kept"]
    assert directory.programme_for(kept.id) is None
    service.prescriptions.prescribe(physio, kept.id, Programme(reps=10))
    newest = service.prescriptions.prescribe(physio, kept.id,
                                             Programme(reps=14, position="sitting"))
    assert directory.programme_for(kept.id) == newest.programme


def test_relative_target_becomes_mm(service, physio, store):
    patient = service.patients.save(physio, PatientRecord(id="", name="Rel"))
    directory = StoreDirectory(store)
    service.prescriptions.prescribe(physio, patient.id, Programme(), target_share=0.8)
    assert directory.programme_for(patient.id).target_mm is None  # no sessions yet
    sid = store.start_session(patient.id, Programme(), step_id="t")
    store.add_rep(sid, 1, 1, {"start_s": 0, "top_s": 1, "end_s": 2, "peak_mm": 90.0,
                              "stance": "both", "faults": []})
    store.end_session(sid)
    assert directory.programme_for(patient.id).target_mm == 72.0


def test_the_prescribed_pacing_reaches_the_sessions_lights(service, physio, store):
    from kiosk.config import Config
    from kiosk.session.parts import pacing_mode

    patient = service.patients.save(physio, PatientRecord(id="", name="Paced"))
    directory = StoreDirectory(store)
    config = Config()  # the kiosk's own setting: adaptive
    service.prescriptions.prescribe(physio, patient.id, Programme(), pacing="strict")
    strict = directory.programme_for(patient.id)
    assert strict.pacing == "strict" and pacing_mode(strict, config) == "lead"
    service.prescriptions.prescribe(physio, patient.id, Programme(), pacing="adaptive")
    assert pacing_mode(directory.programme_for(patient.id), config) == "adaptive"
    assert pacing_mode(Programme(), config) == config.session.pacing_mode  # a guest
