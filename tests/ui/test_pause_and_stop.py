"""Pause, Resume and Stop are always in reach during a set; Stop saves the session."""

from __future__ import annotations

import pytest

from kiosk.session.view import Stage

pytestmark = pytest.mark.ui


def test_pause_resume_then_stop(at_home):
    k = at_home
    k.to_guest_calibration()
    k.start_patient()
    k.run_until(lambda: k.session.snapshot().stage is Stage.ACTIVE, 20, "the first set")
    live = k.screen("live")

    k.tap("pause_button")
    k.run_until(lambda: live.paused, 5, "paused")
    assert live.ids["pause_button"].text == "Resume"
    k.tap("pause_button")
    k.run_until(lambda: not live.paused, 5, "resumed")
    assert live.ids["pause_button"].text == "Pause"

    k.tap("stop_button")
    cues: list[str] = []
    k.wait_screen("summary", 5, each=lambda: cues.append(live.cue))
    assert "Set done!" not in cues  # a stopped set goes straight to the summary
    summary = k.screen("summary")
    k.run_until(lambda: summary.saved_text == "Saved", 5, "the summary")
    assert summary.headline == "Session stopped early."
    row = k.store.get_session(k.session.summary().session_id)
    assert row["status"] == "stopped"
    assert summary.reps_text == str(
        k.store.query("SELECT count(*) AS n FROM reps WHERE session_id = ?", [row["id"]])[0]["n"]
    )
