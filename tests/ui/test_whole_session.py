"""A guest goes through a whole session by touch on the simulated step; what the
screens showed matches what the database holds."""

from __future__ import annotations

import pytest

from kiosk.session.view import Stage

pytestmark = pytest.mark.ui


def test_guest_session_end_to_end(at_home):
    k = at_home
    k.to_guest_programme()
    programme = k.screen("programme")
    assert programme.who == "Guest" and not programme.prescribed
    k.tap("start_button")
    k.wait_screen("calibration", 5)

    k.start_patient()
    shown: list[tuple[int, int]] = []  # (set, count) whenever the live counter changed
    stored_at_show: list[tuple[int, int]] = []
    set_done_seen: list[int] = []  # sets whose "Set done!" cue was on the live screen

    def watch() -> None:
        view = k.controller.view  # the snapshot the screen was last given
        # ACTIVE, or RESTING/FINISHED while the live screen holds the set's final count.
        if k.screen_name != "live" or view.stage not in (
                Stage.ACTIVE, Stage.RESTING, Stage.FINISHED):
            return
        live = k.screen("live")
        entry = (view.set_index, int(live.big_number))
        if live.cue == "Set done!" and view.set_index not in set_done_seen:
            set_done_seen.append(view.set_index)
        if not shown or shown[-1] != entry:
            shown.append(entry)
            # The counter may only show reps that are already in the database.
            rows = k.store.query(
                "SELECT count(*) AS n FROM reps WHERE session_id = ? AND set_number = ?",
                [k.session.session_id, view.set_index],
            )
            stored_at_show.append((entry[1], rows[0]["n"]))

    k.wait_screen("live", 20, watch)
    k.wait_screen("rest", 40, watch)
    rest = k.screen("rest")
    assert rest.done_text == "Set 1 of 2 done: 2 reps"
    assert rest.next_text == "Next: set 2 of 2, 2 reps"
    k.wait_screen("live", 20, watch)
    k.wait_screen("summary", 40, watch)
    k.run_until(lambda: k.screen("summary").saved_text == "Saved", 5, "the summary")

    session_id = k.session.summary().session_id
    session = k.store.get_session(session_id)
    reps = k.store.query(
        "SELECT set_number, number, peak_mm FROM reps WHERE session_id = ?"
        " ORDER BY set_number, number",
        [session_id],
    )
    assert session["status"] == "completed"
    assert [(r["set_number"], r["number"]) for r in reps] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    # The live counter counted up to the end of each set ("2 of 2", then "Set done!"
    # before the rest or summary screen), and never ahead of the database.
    assert shown == [(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
    assert set_done_seen == [1, 2]
    assert all(count <= stored for count, stored in stored_at_show)
    summary = k.screen("summary")
    assert summary.reps_text == str(len(reps))
    best = max(r["peak_mm"] for r in reps)
    # The summary rounds the best height to 0.1 mm, then shows it in cm.
    assert summary.best_text == f"{round(best, 1) / 10:.1f} cm"

    k.tap("done_button")
    k.wait_screen("home", 5)
    k.run_until(lambda: k.session.snapshot().stage is Stage.IDLE, 5, "the session to close")
    # Nothing of the last patient is left on the screens.
    assert k.screen("summary").reps_text == "-"
