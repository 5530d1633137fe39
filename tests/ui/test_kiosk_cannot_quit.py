"""Escape and the window's close button do not quit the kiosk."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def test_escape_does_not_quit(at_home):
    from kivy.core.window import Window

    k = at_home
    Window.dispatch("on_key_down", 27, 41, None, [])
    Window.dispatch("on_keyboard", 27, 41, None, [])
    k.pump(3)
    assert k.loop.quit is False
    assert k.app.root in Window.children
    k.tap("start_button")
    k.wait_screen("signin", 5)  # still answers touches


def test_window_close_is_refused(at_home):
    from kivy.core.window import Window

    k = at_home
    refused = Window.dispatch("on_request_close")
    k.pump(3)
    assert refused is True
    assert k.loop.quit is False
    assert k.app.root in Window.children
