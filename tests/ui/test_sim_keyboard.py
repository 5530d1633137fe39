"""On the simulated step the keyboard plays the patient (``make run``)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui

ENTER, SPACE = 13, 32


def test_keys_move_the_simulated_person(at_home):
    from kivy.core.window import Window

    k = at_home
    targets = k.control.targets
    assert targets()["on_step"] is False
    k.wait_seconds(1.2)  # the step stands empty a moment before somebody steps on
    Window.dispatch("on_key_down", ENTER, 40, None, [])
    Window.dispatch("on_key_up", ENTER, 40)
    assert targets()["on_step"] is True
    Window.dispatch("on_key_down", SPACE, 44, " ", [])
    assert targets()["raise"] == 1.0
    Window.dispatch("on_key_up", SPACE, 44)
    assert targets()["raise"] == 0.0
    # Somebody stepped on: the home screen moves on to sign-in by itself.
    k.wait_screen("signin", 10)
    Window.dispatch("on_key_down", ENTER, 40, None, [])
    Window.dispatch("on_key_up", ENTER, 40)
    assert targets()["on_step"] is False


def test_key_help_is_shown(at_home):
    from kivy.uix.label import Label

    k = at_home
    texts = [w.text for w in k.app.root.walk() if isinstance(w, Label)]
    assert any("Simulated step keys" in t and "raise your heels" in t for t in texts)


def test_a_flicker_of_load_right_after_home_does_not_start(at_home):
    from kivy.core.window import Window

    k = at_home
    # Somebody steps on at once: the step was not seen empty for long, so home stays.
    Window.dispatch("on_key_down", ENTER, 40, None, [])
    Window.dispatch("on_key_up", ENTER, 40)
    k.run_until(lambda: k.session.snapshot().occupied, 10, "the step occupied")
    k.wait_seconds(1.0)
    assert k.screen_name == "home"
    Window.dispatch("on_key_down", ENTER, 40, None, [])
    Window.dispatch("on_key_up", ENTER, 40)
