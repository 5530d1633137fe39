"""Pause and resume: nothing counts while paused; the set carries on after a 3-2-1."""

from kiosk.session.view import Stage

from .conftest import small_programme


def test_reps_while_paused_do_not_count_and_the_set_resumes(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=4))
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 1)
    kiosk.service.pause()
    assert kiosk.run(0.05).stage is Stage.PAUSED
    # The patient keeps going while paused: a few heel raises, by hand.
    for _ in range(2):
        kiosk.control.set_raise(1.0)
        kiosk.run(1.5)
        kiosk.control.set_raise(0.0)
        kiosk.run(2.0)
    view = kiosk.service.snapshot()
    assert view.stage is Stage.PAUSED and view.rep_count == 1
    assert len(kiosk.db_reps()) == 1
    kiosk.service.resume()
    view = kiosk.run(0.05)
    assert view.stage is Stage.COUNTDOWN and view.countdown == 3
    view = kiosk.run_until(Stage.ACTIVE, patient=patient)
    assert view.set_index == 1 and view.rep_count == 1
    kiosk.run_until(Stage.FINISHED, patient=patient)
    summary = kiosk.service.summary()
    assert summary.reps == 4 == len(kiosk.db_reps(summary.session_id))


def test_pause_freezes_the_rest_between_sets(kiosk):
    patient = kiosk.start(small_programme(sets=2, reps=1, rest_between_sets_s=10.0))
    kiosk.run_until(Stage.RESTING, patient=patient)
    kiosk.run(2.0, patient)
    left = kiosk.service.snapshot().rest_remaining_s
    kiosk.service.pause()
    kiosk.run(20.0)
    assert kiosk.service.snapshot().stage is Stage.PAUSED
    kiosk.service.resume()
    view = kiosk.run(0.05)
    assert view.stage is Stage.RESTING
    assert abs(view.rest_remaining_s - left) < 0.2


def test_stop_while_paused_ends_the_session(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=3))
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 1)
    kiosk.service.pause()
    kiosk.run(1.0)
    kiosk.service.stop()
    assert kiosk.run(0.05).stage is Stage.FINISHED
    assert kiosk.service.summary().status == "stopped"
