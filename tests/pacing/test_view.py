"""The pacer's snapshot carries the LiveView fields the screen shows."""

from __future__ import annotations

import dataclasses

from kiosk.pacing import PacingView
from kiosk.session.view import LiveView

SHARED = ("asked_phase", "asked_progress", "countdown", "rest_remaining_s", "cue_kind")


def test_snapshot_fields_match_live_view():
    live = {f.name for f in dataclasses.fields(LiveView)}
    mine = {f.name for f in dataclasses.fields(PacingView)}
    assert set(SHARED) <= live & mine


def test_progress_through_the_asked_phase(step, fast):
    pacer = step.start(fast(reps=1), mode="lead", countdown_step_s=0.2)
    step.run(0.7)  # 0.1 s into a 0.4 s rise
    view = pacer.snapshot()
    assert (view.asked_phase, view.rep, view.set_index) == ("rise", 1, 1)
    assert abs(view.asked_progress - 0.25) < 1e-6
    live = LiveView(**{name: getattr(view, name) for name in SHARED})
    assert live.asked_phase == "rise"
