"""A failed Start is not silent: every screen says what went wrong, and whom to tell."""

from __future__ import annotations

import pytest

from kiosk.session.view import SessionProblem, Stage
from kiosk.ui.wording import problem_words

pytestmark = pytest.mark.ui


def _banner(kiosk):
    banner = kiosk.app.root._banner
    return "" if banner is None or not banner.opacity else banner.text


def test_a_start_that_cannot_be_saved_shows_on_screen_until_cleared(at_home):
    k = at_home
    recordings = k.store.data_dir / "recordings"
    aside = recordings.with_name("recordings.aside")
    if recordings.exists():
        recordings.rename(aside)
    recordings.write_text("not a folder")  # the recording cannot be created
    try:
        k.to_guest_programme()
        assert _banner(k) == ""
        k.tap("start_button")
        k.run_until(lambda: k.session.snapshot().error is not None, 5, "the session's error")
        assert k.session.snapshot().stage is Stage.IDLE  # nothing started
        k.pump(3)
        assert _banner(k) == problem_words(SessionProblem.NOT_SAVED)
        assert "Please tell staff" in _banner(k)
        k.controller.go_home()  # the patient gives up: home still says so
        k.pump(3)
        assert k.screen_name == "home" and _banner(k) == problem_words(SessionProblem.NOT_SAVED)
    finally:
        recordings.unlink()
        if aside.exists():
            aside.rename(recordings)
    k.session.dismiss()
    k.run_until(lambda: k.session.snapshot().error is None, 5, "the error cleared")
    k.pump(3)
    assert _banner(k) == ""
