"""The demo patient runs whole sessions by itself, faults included, and comes back for more."""

from kiosk.session.view import Stage

from .conftest import small_programme


def test_demo_runs_sessions_back_to_back_with_faults(kiosk):
    programme = small_programme(sets=2, reps=3, rest_between_sets_s=3.0)
    patient = kiosk.patient(programme, auto_start=True)
    stages = []

    def watch(view):
        if not stages or stages[-1] is not view.stage:
            stages.append(view.stage)
        return patient.sessions_started >= 2 and view.stage is Stage.ACTIVE

    kiosk.run(300, patient, until=watch)
    assert patient.sessions_started == 2
    first = [Stage.IDLE, Stage.CALIBRATING, Stage.COUNTDOWN, Stage.ACTIVE, Stage.RESTING,
             Stage.COUNTDOWN, Stage.ACTIVE, Stage.FINISHED, Stage.IDLE]
    assert stages[: len(first)] == first
    (done,) = kiosk.store.query("SELECT * FROM sessions WHERE status = 'completed'")
    assert done["rep_count"] == 6
    faults = kiosk.store.query(
        "SELECT set_number, number, faults FROM reps WHERE session_id = ? AND faults != '[]'",
        [done["id"]],
    )
    assert [(f["set_number"], f["number"], f["faults"]) for f in faults] == [
        (1, 3, '["ankles_out"]'), (2, 2, '["heels_in"]')
    ]


def test_skip_rest_starts_the_next_set_early(kiosk):
    patient = kiosk.start(small_programme(sets=2, reps=1, rest_between_sets_s=60.0))
    kiosk.run_until(Stage.RESTING, patient=patient)
    kiosk.service.skip_rest()
    view = kiosk.run(0.05)
    assert view.stage is Stage.COUNTDOWN
    view = kiosk.run_until(Stage.ACTIVE, seconds=5, patient=patient)
    assert view.set_index == 2


def test_one_demo_loop_home_to_summary_and_back_takes_at_most_two_and_a_half_minutes(kiosk):
    from kiosk.session.programmes import demo_programme

    patient = kiosk.patient(demo_programme(kiosk.config), auto_start=True)
    seen = []

    def back_home_after_a_session(view):
        if not seen or seen[-1] is not view.stage:
            seen.append(view.stage)
        return Stage.FINISHED in seen and view.stage is Stage.IDLE

    start = kiosk.t  # the offline step's simulated clock
    kiosk.run(300, patient, until=back_home_after_a_session)
    assert seen[-1] is Stage.IDLE and Stage.FINISHED in seen
    (done,) = kiosk.store.query("SELECT rep_count, status FROM sessions")
    assert done == {"rep_count": 12, "status": "completed"}
    assert kiosk.t - start <= 150.0, f"one loop took {kiosk.t - start:.0f} s"
