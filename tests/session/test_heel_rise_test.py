"""The standard heel-rise test: reps to fatigue at 60 beats a minute, stopped by its rules,
then a stored result with why it ended, its protocol record and measurement quality."""

import dataclasses
import json

import pytest

from kiosk.config import HeelRiseConfig
from kiosk.programme import Programme
from kiosk.session.view import Stage
from tests.session.conftest import Kiosk


class TiringPatient:
    """Follows the metronome for ``reps`` reps, then cannot lift any more."""

    def __init__(self, inner, reps):
        self.inner = inner
        self.reps = reps

    def tick(self, now, view):
        if view.stage is Stage.ACTIVE and view.rep_count >= self.reps:
            self.inner.control.set_raise(0.0)  # exhausted: stands, misses the beats
            return
        self.inner.tick(now, view)


def test_test_ends_by_missed_beats_and_stores_its_result(kiosk):
    programme = Programme.heel_rise_test()
    inner = kiosk.start(programme, body_mass_kg=82.0)
    view = kiosk.service.snapshot()
    assert view.reps_target == 0  # to fatigue, not to a number
    patient = TiringPatient(inner, 6)
    view = kiosk.run(120, patient, until=lambda v: v.stage is Stage.FINISHED)
    assert view.stage is Stage.FINISHED
    summary = kiosk.service.summary()
    assert summary.status == "completed"
    assert summary.test_ended_by == "missed_beats"
    assert summary.reps == summary.test_reps == 6 == len(kiosk.db_reps(summary.session_id))
    (row,) = kiosk.store.query(
        "SELECT * FROM heel_rise_tests WHERE session_id = ?", [summary.session_id]
    )
    assert row["reps"] == 6 and row["side"] == "both"
    assert row["ended_by"] == "missed_beats"
    assert row["work_j"] > 0 and row["travel_m"] > 0
    assert abs(row["work_j"] - summary.work_j) < 0.1
    assert row["body_mass_kg"] == 82.0
    # The work is the patient's: body mass x g x height, summed over the counted reps.
    peaks = [r["peak_mm"] for r in kiosk.db_reps(summary.session_id)]
    assert row["work_j"] == pytest.approx(82.0 * 9.81 * sum(peaks) / 1000, rel=1e-3)


def test_no_work_is_invented_when_the_body_mass_is_unknown(kiosk):
    patient = kiosk.start(Programme.heel_rise_test())
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 2)
    kiosk.service.stop()
    kiosk.run(0.05)
    summary = kiosk.service.summary()
    assert summary.test_reps == 2 and summary.work_j is None
    (row,) = kiosk.store.query(
        "SELECT work_j, body_mass_kg, travel_m FROM heel_rise_tests WHERE session_id = ?",
        [summary.session_id],
    )
    assert row["work_j"] is None and row["body_mass_kg"] is None and row["travel_m"] > 0


def test_stopping_the_test_still_stores_what_was_done(kiosk):
    patient = kiosk.start(Programme.heel_rise_test())
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 3)
    kiosk.service.stop()
    kiosk.run(0.05)
    summary = kiosk.service.summary()
    assert summary.status == "stopped" and summary.test_ended_by == "stopped"
    (row,) = kiosk.store.query(
        "SELECT reps, ended_by FROM heel_rise_tests WHERE session_id = ?", [summary.session_id]
    )
    assert row["reps"] == summary.reps == 3 and row["ended_by"] == "stopped"


def _stored_test(kiosk, session_id):
    (row,) = kiosk.store.query("SELECT * FROM heel_rise_tests WHERE session_id = ?",
                               [session_id])
    return row, json.loads(row["protocol"])


def test_the_demo_patient_tires_until_the_heel_no_longer_rises(kiosk):
    # The demo's own patient: full rises, then each lower than the last.
    patient = kiosk.start(Programme.heel_rise_test(), body_mass_kg=70.0)
    view = kiosk.run(120, patient, until=lambda v: v.stage is Stage.FINISHED)
    assert view.stage is Stage.FINISHED
    summary = kiosk.service.summary()
    assert summary.test_ended_by == "low_height"
    peaks = [r["peak_mm"] for r in kiosk.db_reps(summary.session_id)]
    first = sum(peaks[:3]) / 3
    assert all(p >= first / 2 for p in peaks)  # the two low rises were not counted
    row, record = _stored_test(kiosk, summary.session_id)
    assert row["ended_by"] == record["ended_by"] == "low_height"
    # The protocol record: how it was run and measured.
    assert record["pace_bpm"] == 60.0 and 57 < record["kept_pace_bpm"] < 63
    assert record["cueing"] == "none"  # this kiosk has no lights or buzzer fitted
    assert record["support"] == "fingertip_or_none" and record["lowest_load_pct"] > 95
    assert record["knee"] == "not_sensed"
    assert record["tof_dropout_pct"] < 1 and record["tof_noise_mm"] < 3
    # A simulated step is no measurement of a person: poor, left out of trends.
    assert record["simulated"] is True and row["quality"] == record["quality"] == "poor"
    assert "simulated" in record["quality_reasons"]


class LeaningPatient:
    """Follows the metronome, and after ``reps`` reps leans on a rail with ``share`` of
    the body weight."""

    def __init__(self, inner, control, reps, share):
        self.inner, self.control, self.reps, self.share = inner, control, reps, share

    def tick(self, now, view):
        if view.rep_count >= self.reps:
            self.control.hold_on(self.share)
        self.inner.tick(now, view)


def test_leaning_on_the_hands_ends_the_test(kiosk):
    inner = kiosk.start(Programme.heel_rise_test(), body_mass_kg=70.0)
    view = kiosk.run(120, LeaningPatient(inner, kiosk.control, 5, 0.3),
                     until=lambda v: v.stage is Stage.FINISHED)
    assert view.stage is Stage.FINISHED
    summary = kiosk.service.summary()
    assert summary.test_ended_by == "off_step_support"
    assert summary.test_reps <= 9  # within a few rests of leaning on the rail
    row, record = _stored_test(kiosk, summary.session_id)
    assert row["ended_by"] == "off_step_support"
    assert record["support"] == "more_than_fingertip" and record["lowest_load_pct"] < 85


def test_the_metronome_keeps_the_configured_pace(tmp_path):
    k = Kiosk(tmp_path)
    try:
        k.service.config = dataclasses.replace(k.config, heel_rise=HeelRiseConfig(pace_bpm=40.0))
        patient = k.start(Programme.heel_rise_test(), body_mass_kg=70.0)
        k.run(150, patient, until=lambda v: v.stage is Stage.FINISHED)
        summary = k.service.summary()
        _row, record = _stored_test(k, summary.session_id)
        assert record["pace_bpm"] == 40.0 and 38 < record["kept_pace_bpm"] < 42
    finally:
        k.service.close()
        k.store.close()
