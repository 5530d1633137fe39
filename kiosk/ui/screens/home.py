"""Attract screen: a big Start, the time, and "step on to begin"."""

from __future__ import annotations

import time

from kivy.clock import Clock
from kivy.properties import StringProperty

from kiosk.session_view import LiveView
from kiosk.ui.screens.base import KioskScreen, load_kv


class HomeScreen(KioskScreen):
    clock_text = StringProperty("")
    demo_button = "start_button"
    demo_after_s = 3.0

    def on_pre_enter(self, *_):
        # Someone still standing there after their session must not restart it.
        self._seen_empty = False
        self._tick()
        self._clock = Clock.schedule_interval(self._tick, 1.0)

    def on_leave(self, *_):
        self._clock.cancel()

    def _tick(self, *_):
        self.clock_text = time.strftime("%H:%M")

    def show_live(self, view: LiveView) -> None:
        # Somebody stepped on (onto an empty step): as good as touching Start.
        if not view.occupied:
            self._seen_empty = True
        elif getattr(self, "_seen_empty", False) and self.controller is not None:
            self.controller.start()

    def on_start_pressed(self) -> None:
        self.controller.start()


load_kv(__file__)
