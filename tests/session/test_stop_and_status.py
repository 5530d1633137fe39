"""How a session ends: completed, stopped (by the patient or the kiosk), interrupted."""

import sqlite3

from kiosk.session.view import Stage
from kiosk.storage.store import Store

from .conftest import small_programme


def _run_reps(kiosk, patient, n):
    kiosk.run(60, patient, until=lambda v: v.rep_count >= n)


def test_stop_mid_set_keeps_the_reps_and_says_stopped(kiosk):
    patient = kiosk.start(small_programme(sets=2, reps=5))
    _run_reps(kiosk, patient, 2)
    kiosk.service.stop()
    view = kiosk.run(0.05)
    assert view.stage is Stage.FINISHED
    summary = kiosk.service.summary()
    assert summary.status == "stopped" and summary.reps == 2
    row = kiosk.session_row(summary.session_id)
    assert row["status"] == "stopped" and row["rep_count"] == 2


def test_reps_after_stop_are_not_counted(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=5))
    _run_reps(kiosk, patient, 1)
    kiosk.service.stop()
    kiosk.run(10, patient)
    assert len(kiosk.db_reps(kiosk.service.summary().session_id)) == 1


def test_closing_the_service_saves_a_running_session_as_stopped(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=5))
    _run_reps(kiosk, patient, 1)
    session_id = kiosk.service.session_id
    kiosk.service.close()
    assert kiosk.session_row(session_id)["status"] == "stopped"


def test_a_crash_leaves_the_session_interrupted_with_its_reps(kiosk, tmp_path):
    patient = kiosk.start(small_programme(sets=1, reps=5))
    _run_reps(kiosk, patient, 2)
    session_id = kiosk.service.session_id
    # The kiosk dies here: no stop, no close. The next start finds the session open.
    again = Store(kiosk.store.path)
    try:
        row = again.get_session(session_id)
        assert row["status"] == "interrupted"
        assert again.query("SELECT count(*) AS n FROM reps WHERE session_id = ?",
                           [session_id])[0]["n"] == 2
    finally:
        again.close()


def test_dismiss_returns_to_idle_and_a_new_session_can_start(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=1))
    kiosk.run_until(Stage.FINISHED, patient=patient)
    first = kiosk.service.summary().session_id
    kiosk.service.dismiss()
    assert kiosk.run(0.05).stage is Stage.IDLE
    kiosk.start(small_programme(sets=1, reps=1))
    assert kiosk.service.session_id != first


def test_saved_listeners_hear_of_a_stored_end_once_the_recording_is_closed(kiosk):
    heard = []

    def listener(session_id):
        row = kiosk.session_row(session_id)
        recordings = kiosk.store.query(
            "SELECT samples FROM recordings WHERE session_id = ?", [session_id])
        heard.append((session_id, row["status"], [r["samples"] for r in recordings]))

    kiosk.service.add_saved_listener(listener)
    patient = kiosk.start(small_programme(sets=1, reps=5))
    _run_reps(kiosk, patient, 2)
    kiosk.service.stop()
    kiosk.run(0.05)
    session_id = kiosk.service.summary().session_id
    assert len(heard) == 1
    sid, status, samples = heard[0]
    assert sid == session_id and status == "stopped"
    assert samples and samples[0] > 0  # the recording's length is known: it is closed


def test_an_end_that_could_not_be_stored_is_not_announced(kiosk, monkeypatch):
    heard = []
    kiosk.service.add_saved_listener(heard.append)
    patient = kiosk.start(small_programme(sets=1, reps=50))
    _run_reps(kiosk, patient, 1)

    def disk_error(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(kiosk.store, "end_session", disk_error)
    kiosk.service.stop()
    view = kiosk.run(0.05)
    assert view.stage is Stage.FINISHED and view.error
    assert not kiosk.service.summary().saved
    assert heard == []
