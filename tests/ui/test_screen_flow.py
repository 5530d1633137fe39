"""Which screen each session stage shows, and the sign-in idle timer (no display needed)."""

from __future__ import annotations

import pytest

from kiosk.session.view import Stage
from kiosk.ui.flow import IdleTimer, screen_for


@pytest.mark.parametrize("current", ["home", "signin", "programme"])
def test_no_session_keeps_the_patients_own_navigation(current):
    assert screen_for(Stage.IDLE, current) == current


@pytest.mark.parametrize("current", ["calibration", "live", "rest", "summary"])
def test_session_ended_elsewhere_goes_home(current):
    assert screen_for(Stage.IDLE, current) == "home"


@pytest.mark.parametrize(
    "stage,screen",
    [(Stage.CALIBRATING, "calibration"), (Stage.COUNTDOWN, "live"), (Stage.ACTIVE, "live"),
     (Stage.PAUSED, "live"), (Stage.RESTING, "rest"), (Stage.FINISHED, "summary")],
)
def test_session_stage_picks_the_screen(stage, screen):
    assert screen_for(stage, "programme") == screen


def test_every_stage_has_a_screen():
    for stage in Stage:
        assert screen_for(stage, "home")


def test_idle_timer():
    timer = IdleTimer(10.0, now=100.0)
    assert not timer.expired(109.9)
    timer.activity(105.0)
    assert not timer.expired(114.0)
    assert timer.remaining(114.0) == pytest.approx(1.0)
    assert timer.expired(115.0)
