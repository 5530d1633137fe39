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
