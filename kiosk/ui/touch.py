"""Synthetic touches: ``--demo`` presses the on-screen buttons, tests and the bench too.

A tap goes through the window's normal input dispatch (``post_dispatch_input``),
so it reaches the widgets exactly like a finger on the touchscreen.
"""

from __future__ import annotations

import itertools

from kivy.base import EventLoop
from kivy.input.motionevent import MotionEvent
from kivy.uix.widget import Widget

_ids = itertools.count(1)


class KioskTouch(MotionEvent):
    """A single touch at window coordinates (x, y)."""

    def __init__(self, x: float, y: float) -> None:
        win = EventLoop.window
        super().__init__(
            "kiosk-touch", next(_ids),
            {"x": x / max(1.0, win.width - 1.0), "y": y / max(1.0, win.height - 1.0)},
            is_touch=True, type_id="touch",
        )
        self.profile = ["pos"]

    def depack(self, args: dict[str, float]) -> None:
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)


def tap_at(x: float, y: float) -> None:
    """Touch down and up at window coordinates."""
    touch = KioskTouch(x, y)
    EventLoop.post_dispatch_input("begin", touch)
    EventLoop.post_dispatch_input("end", touch)


def tap(widget: Widget) -> None:
    """Tap the centre of a widget, as a finger would."""
    x, y = widget.to_window(*widget.center)
    tap_at(x, y)
