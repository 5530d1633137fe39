"""A whole session end to end: what was counted is what was stored and summarised."""

import gzip
import hashlib

from kiosk.analysis.recording import read_recording
from kiosk.session.view import Stage

from .conftest import small_programme


def test_counted_equals_stored_equals_summary(kiosk):
    programme = small_programme(sets=2, reps=3)
    patient = kiosk.start(programme)
    seen_counts = []
    view = kiosk.run(120, patient, until=lambda v: seen_counts.append(v.rep_count)
                     or v.stage is Stage.FINISHED)
    assert view.stage is Stage.FINISHED
    summary = kiosk.service.summary()
    reps = kiosk.db_reps(summary.session_id)
    assert summary.status == "completed"
    assert summary.reps == len(reps) == 6
    assert summary.sets_done == 2
    assert [(r["set_number"], r["number"]) for r in reps] == [
        (s, n) for s in (1, 2) for n in (1, 2, 3)
    ]
    assert max(seen_counts) == 3  # per-set counter on screen
    row = kiosk.session_row(summary.session_id)
    assert row["status"] == "completed" and row["rep_count"] == 6
    assert summary.best_mm == round(max(r["peak_mm"] for r in reps), 1)


def test_recording_is_registered_with_size_and_checksum(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=2))
    kiosk.run_until(Stage.FINISHED, patient=patient)
    session_id = kiosk.service.summary().session_id
    (rec,) = kiosk.store.query("SELECT * FROM recordings WHERE session_id = ?", [session_id])
    path = kiosk.store.data_dir / rec["path"]
    data = path.read_bytes()
    assert rec["size_bytes"] == len(data)
    assert rec["sha256"] == hashlib.sha256(data).hexdigest()
    assert gzip.decompress(data).startswith(b"t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel\n")
    plain = path.with_suffix("")
    plain.write_bytes(gzip.decompress(data))
    samples = list(read_recording(plain))  # valid section-3 CSV, time from 0
    assert len(samples) == rec["samples"] > 100
    assert 0 <= samples[0].t < 0.05


def test_guest_session_has_no_patient_and_no_previous(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=1))
    kiosk.run_until(Stage.FINISHED, patient=patient)
    summary = kiosk.service.summary()
    assert kiosk.session_row(summary.session_id)["patient_id"] is None
    assert summary.previous_reps is None


def test_summary_compares_with_the_patients_previous_session(kiosk):
    pid = kiosk.store.add_patient("Ada Lovelace")
    for reps in (2, 3):
        patient = kiosk.start(small_programme(sets=1, reps=reps), patient_id=pid)
        kiosk.run_until(Stage.FINISHED, patient=patient)
        kiosk.service.dismiss()
        kiosk.run(0.1)
    summary = kiosk.service.summary()
    assert summary.reps == 3
    assert summary.previous_reps == 2
    assert summary.previous_average_mm is not None
