"""The standard heel-rise test: reps to fatigue at 60 beats a minute, then a stored result."""

import pytest

from kiosk.programme import Programme
from kiosk.session.view import Stage


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
        "SELECT reps FROM heel_rise_tests WHERE session_id = ?", [summary.session_id]
    )
    assert row["reps"] == summary.reps == 3
