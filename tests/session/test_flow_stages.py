"""The session's stages and timers, driven by an explicit clock."""

from kiosk.session.flow import SessionFlow, Transition
from kiosk.session.view import Stage


def _run_to_active(flow: SessionFlow, now: float) -> float:
    flow.tick(now, ready=True)
    now += flow.countdown_s
    assert flow.tick(now, ready=True) == [Transition.SET_STARTED]
    return now


def test_calibration_waits_until_ready():
    flow = SessionFlow(sets=2, reps=3, rest_s=10)
    assert flow.tick(0.0, ready=False) == []
    assert flow.tick(50.0, ready=False) == []
    assert flow.stage is Stage.CALIBRATING
    assert flow.tick(51.0, ready=True) == [Transition.CALIBRATED, Transition.COUNTDOWN_STARTED]
    assert flow.stage is Stage.COUNTDOWN


def test_countdown_counts_three_two_one():
    flow = SessionFlow(sets=1, reps=3, rest_s=0)
    flow.tick(0.0, ready=True)
    assert [flow.countdown(t) for t in (0.0, 0.5, 1.2, 2.1, 2.99)] == [3, 3, 2, 1, 1]
    assert flow.tick(3.0, ready=True) == [Transition.SET_STARTED]
    assert flow.stage is Stage.ACTIVE and flow.set_index == 1 and flow.countdown(3.0) is None


def test_sets_rest_and_finish():
    flow = SessionFlow(sets=2, reps=2, rest_s=10)
    now = _run_to_active(flow, 0.0)
    assert flow.count_rep(now) == []
    assert flow.count_rep(now + 1) == [Transition.SET_ENDED, Transition.REST_STARTED]
    assert flow.stage is Stage.RESTING
    assert flow.remaining_s(now + 6) == 5.0
    assert flow.tick(now + 10.9, ready=True) == []
    assert flow.tick(now + 11, ready=True) == [Transition.COUNTDOWN_STARTED]
    assert flow.stage is Stage.COUNTDOWN
    assert flow.tick(now + 14, ready=True) == [Transition.SET_STARTED]
    assert flow.set_index == 2 and flow.rep_count == 0
    flow.count_rep(now + 15)
    assert flow.count_rep(now + 16) == [Transition.SET_ENDED, Transition.FINISHED]
    assert flow.stage is Stage.FINISHED and flow.sets_done == 2


def test_reps_outside_an_active_set_do_not_count():
    flow = SessionFlow(sets=1, reps=5, rest_s=0)
    flow.tick(0.0, ready=True)
    assert flow.count_rep(1.0) == []
    assert flow.rep_count == 0


def test_pause_freezes_rest_and_resume_continues():
    flow = SessionFlow(sets=2, reps=1, rest_s=30)
    now = _run_to_active(flow, 0.0)
    flow.count_rep(now)
    assert flow.pause(now + 10)
    assert flow.stage is Stage.PAUSED
    assert flow.tick(now + 100, ready=True) == []  # no timer runs while paused
    assert flow.remaining_s(now + 100) == 20.0
    assert flow.resume(now + 100) == []
    assert flow.stage is Stage.RESTING
    assert flow.remaining_s(now + 105) == 15.0


def test_paused_set_resumes_with_a_countdown_and_keeps_its_reps():
    flow = SessionFlow(sets=1, reps=5, rest_s=0)
    now = _run_to_active(flow, 0.0)
    flow.count_rep(now)
    flow.count_rep(now)
    flow.pause(now + 1)
    assert flow.count_rep(now + 2) == []  # paused: not counted
    assert flow.resume(now + 5) == [Transition.COUNTDOWN_STARTED]
    assert flow.stage is Stage.COUNTDOWN and flow.resuming_set
    assert flow.tick(now + 8, ready=True) == [Transition.SET_RESUMED]
    assert flow.stage is Stage.ACTIVE and flow.set_index == 1 and flow.rep_count == 2


def test_nothing_to_pause_when_finished():
    flow = SessionFlow(sets=1, reps=1, rest_s=0)
    flow.finish()
    assert not flow.pause(0.0)
    assert flow.resume(0.0) is None


def test_skip_rest_goes_to_the_countdown():
    flow = SessionFlow(sets=2, reps=1, rest_s=60)
    now = _run_to_active(flow, 0.0)
    flow.count_rep(now)
    assert flow.skip_rest(now + 2) == [Transition.COUNTDOWN_STARTED]
    assert flow.stage is Stage.COUNTDOWN and flow.countdown(now + 2) == 3


def test_the_countdown_names_the_set_about_to_start():
    """It once said "Set 0 of 3" before set 1 and "Set 1 of 2" before set 2."""
    flow = SessionFlow(sets=2, reps=1, rest_s=10)
    flow.tick(0.0, ready=True)
    assert flow.stage is Stage.COUNTDOWN and flow.set_shown == 1
    flow.tick(3.0, ready=True)
    assert flow.set_shown == 1
    flow.count_rep(4.0)  # set 1 done: rest
    assert flow.stage is Stage.RESTING and flow.set_shown == 1
    flow.tick(14.0, ready=True)
    assert flow.stage is Stage.COUNTDOWN and flow.set_shown == 2
    flow.tick(17.0, ready=True)
    assert flow.set_index == flow.set_shown == 2


def test_a_paused_set_resumes_under_its_own_number():
    flow = SessionFlow(sets=2, reps=3, rest_s=10)
    now = _run_to_active(flow, 0.0)
    flow.pause(now)
    flow.resume(now + 5)
    assert flow.stage is Stage.COUNTDOWN and flow.set_shown == 1
