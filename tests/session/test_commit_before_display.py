"""Nothing is shown that is not in the database: a rep is committed before it is visible."""

from kiosk.session.view import Stage

from .conftest import small_programme


def _stored(kiosk) -> int:
    # A separate read through the store: what a power cut right now would keep.
    return kiosk.store.query(
        "SELECT count(*) AS n FROM reps WHERE session_id = ?", [kiosk.service.session_id]
    )[0]["n"]


def test_listener_sees_each_rep_already_stored(kiosk):
    stored_when_told = []
    kiosk.service.add_rep_listener(
        lambda rep: stored_when_told.append((rep.number, _stored(kiosk)))
    )
    patient = kiosk.start(small_programme(sets=1, reps=4))
    kiosk.run_until(Stage.FINISHED, patient=patient)
    assert stored_when_told == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_snapshot_never_counts_more_than_the_database(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=3))
    shown_vs_stored = []

    def check(view):
        if view.stage is Stage.ACTIVE:
            shown_vs_stored.append((view.rep_count, _stored(kiosk)))
        return view.stage is Stage.FINISHED

    kiosk.run(60, patient, until=check)
    assert all(shown <= stored for shown, stored in shown_vs_stored)
    assert max(shown for shown, _ in shown_vs_stored) == 2  # the 3rd ends the set


def test_drained_reps_are_the_stored_reps(kiosk):
    patient = kiosk.start(small_programme(sets=2, reps=2))
    kiosk.run_until(Stage.FINISHED, patient=patient)
    drained = kiosk.service.drain_reps()
    rows = kiosk.db_reps()
    assert [(r.set_index, r.number, round(r.peak_mm, 6)) for r in drained] == [
        (row["set_number"], row["number"], round(row["peak_mm"], 6)) for row in rows
    ]
    assert kiosk.service.drain_reps() == []
