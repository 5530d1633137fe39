"""Idle timeout: nobody on the step and no touch -> the session is saved and the kiosk goes home."""

import pytest

from kiosk.session.view import Stage

from .conftest import Kiosk, small_programme

IDLE_S = 10.0


@pytest.fixture
def kiosk(tmp_path):
    k = Kiosk(tmp_path, idle_timeout_s=IDLE_S)
    yield k
    k.service.close()
    k.store.close()


def _walk_away(kiosk):
    kiosk.control.step_off()
    kiosk.run(2.0)  # off the step


def test_walking_away_mid_set_saves_the_reps_as_stopped(kiosk):
    patient = kiosk.start(small_programme(sets=2, reps=5))
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 2)
    session_id = kiosk.service.session_id
    _walk_away(kiosk)
    assert kiosk.service.snapshot().stage is not Stage.IDLE
    view = kiosk.run(IDLE_S + 1.0)
    assert view.stage is Stage.IDLE
    row = kiosk.session_row(session_id)
    assert row["status"] == "stopped" and row["rep_count"] == 2
    assert row["end_reason"] == "idle timeout"


def test_walking_away_before_any_rep_ends_the_session_too(kiosk):
    kiosk.control.step_on()
    kiosk.run(1.0)
    kiosk.service.begin_session(None, small_programme())
    assert kiosk.run(0.5).stage is Stage.CALIBRATING
    session_id = kiosk.service.session_id
    _walk_away(kiosk)
    assert kiosk.run(IDLE_S + 1.0).stage is Stage.IDLE
    row = kiosk.session_row(session_id)
    assert row["status"] == "stopped" and row["rep_count"] == 0


def test_touching_the_screen_keeps_the_session(kiosk):
    kiosk.control.step_on()
    kiosk.run(1.0)
    kiosk.service.begin_session(None, small_programme())
    _walk_away(kiosk)
    for _ in range(5):  # 25 s off the step, touching every 5 s
        kiosk.service.touch()
        kiosk.run(5.0)
    assert kiosk.service.snapshot().stage is Stage.CALIBRATING
    assert kiosk.run(IDLE_S + 1.0).stage is Stage.IDLE


def test_an_unread_summary_goes_home(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=1))
    kiosk.run_until(Stage.FINISHED, patient=patient)
    summary = kiosk.service.summary()
    _walk_away(kiosk)
    assert kiosk.run(IDLE_S + 1.0).stage is Stage.IDLE
    assert kiosk.session_row(summary.session_id)["status"] == "completed"


NO_REP_S = 30.0


@pytest.fixture
def loaded_kiosk(tmp_path):
    k = Kiosk(tmp_path, idle_timeout_s=IDLE_S, no_rep_timeout_s=NO_REP_S)
    yield k
    k.service.close()
    k.store.close()


def test_a_loaded_step_with_no_rep_ends_the_session(loaded_kiosk):
    """A bag (or a chat) on the step: loaded, no rep, no touch -> stopped, home."""
    kiosk = loaded_kiosk
    patient = kiosk.start(small_programme(sets=2, reps=5))
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 2)
    session_id = kiosk.service.session_id
    kiosk.control.set_raise(0.0)  # stands still, on the step, from here on
    assert kiosk.run(NO_REP_S - 5.0).stage is Stage.ACTIVE
    assert kiosk.service.snapshot().occupied
    view = kiosk.run(10.0)
    assert view.stage is Stage.IDLE
    row = kiosk.session_row(session_id)
    assert row["status"] == "stopped" and row["rep_count"] == 2
    assert row["end_reason"] == "no rep"


def test_touches_and_reps_keep_a_loaded_session(loaded_kiosk):
    kiosk = loaded_kiosk
    kiosk.control.step_on()
    kiosk.run(1.0)
    kiosk.service.begin_session(None, small_programme())
    for _ in range(4):  # 40 s loaded without a rep, touching every 10 s
        kiosk.service.touch()
        kiosk.run(10.0)
    assert kiosk.service.snapshot().stage is not Stage.IDLE
