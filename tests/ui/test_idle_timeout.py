"""Nobody touching, nobody on the step: back home, the session saved."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.session.view import Stage

pytestmark = pytest.mark.ui


def test_idle_on_sign_in_returns_home(at_home):
    k = at_home
    k.to_guest_programme()
    k.controller.idle.timeout_s = 1.0
    k.controller.activity()
    k.wait_screen("home", 5)


def test_touch_keeps_sign_in_open(at_home):
    k = at_home
    k.tap("start_button")
    k.wait_screen("signin", 5)
    k.controller.idle.timeout_s = 60.0
    k.pump(30)
    assert k.screen_name == "signin"


def test_idle_during_session_saves_it_and_goes_home(at_home, monkeypatch):
    k = at_home
    # The service's idle timeout, 3 s for this test (a config file may say no less than
    # 10 s). How long it waits, on the sample clock: tests/session/test_idle_timeout.py.
    config = k.session.config
    monkeypatch.setattr(k.session, "config", dataclasses.replace(
        config, session=dataclasses.replace(config.session, idle_timeout_s=3.0)))
    k.to_guest_calibration()
    k.run_until(lambda: k.session.session_id is not None, 5, "a session")
    session_id = k.session.session_id
    # Nobody steps on and nobody touches: the service's idle timeout ends it.
    k.wait_screen("home", 20)
    assert k.session.snapshot().stage is Stage.IDLE
    row = k.store.get_session(session_id)
    assert row["status"] == "stopped"
    assert row["ended_at"] is not None
