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


def drag(start: tuple[float, float], end: tuple[float, float], steps: int = 5) -> None:
    """One finger down at ``start``, moved in ``steps`` to ``end``, lifted."""
    touch = KioskTouch(*start)
    EventLoop.post_dispatch_input("begin", touch)
    _move([touch], [start], [end], steps)
    EventLoop.post_dispatch_input("end", touch)


def pinch(centre: tuple[float, float], before: float, after: float, steps: int = 5) -> None:
    """Two fingers ``before`` px apart (side by side about ``centre``) moved to ``after``
    px apart: spreading them (after > before) zooms in."""
    cx, cy = centre
    starts = [(cx - before / 2, cy), (cx + before / 2, cy)]
    ends = [(cx - after / 2, cy), (cx + after / 2, cy)]
    touches = [KioskTouch(*p) for p in starts]
    for touch in touches:
        EventLoop.post_dispatch_input("begin", touch)
    _move(touches, starts, ends, steps)
    for touch in touches:
        EventLoop.post_dispatch_input("end", touch)


def _move(touches: list[KioskTouch], starts: list[tuple[float, float]],
          ends: list[tuple[float, float]], steps: int) -> None:
    win = EventLoop.window
    for k in range(1, steps + 1):
        for touch, (x0, y0), (x1, y1) in zip(touches, starts, ends, strict=True):
            x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
            touch.move({"x": x / max(1.0, win.width - 1.0), "y": y / max(1.0, win.height - 1.0)})
            EventLoop.post_dispatch_input("update", touch)
