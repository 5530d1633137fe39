"""Attract screen: a big Start, the time, and "step on to begin"."""

from __future__ import annotations

import time

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.session.view import LiveView
from kiosk.ui.screens.base import KioskScreen, load_kv


class HomeScreen(KioskScreen):
    clock_text = StringProperty("")
    staff_enabled = BooleanProperty(False)  # the kiosk has a staff mode: show the way in
    # Simulated or silent devices of a production kiosk, until staff acknowledge them.
    device_problems = ListProperty([])
    demo_button = "start_button"
    demo_after_s = 3.0
    # Stepping on counts only after the step was seen empty this long: somebody
    # still standing there after their session, or a flicker of the load as
    # they step off, must not start a new one.
    empty_before_step_on_s = 1.0

    def on_pre_enter(self, *_):
        self.staff_enabled = bool(self.controller and self.controller.services.staff)
        self._empty_since: float | None = None
        self._tick()
        self._clock = Clock.schedule_interval(self._tick, 1.0)

    def on_leave(self, *_):
        self._clock.cancel()

    def _tick(self, *_):
        self.clock_text = time.strftime("%H:%M")
        technician = self.controller.services.technician if self.controller else None
        problems = list(technician.device_notice()) if technician is not None else []
        if problems != list(self.device_problems):
            self.device_problems = problems

    def show_live(self, view: LiveView) -> None:
        # Somebody stepped onto an empty step: as good as touching Start.
        if self.controller is None:
            return
        now = self.controller.clock()
        empty_since = getattr(self, "_empty_since", None)
        if not view.occupied:
            if empty_since is None:
                self._empty_since = now
        else:
            self._empty_since = None
            if empty_since is not None and now - empty_since >= self.empty_before_step_on_s:
                self.controller.start()

    def on_start_pressed(self) -> None:
        self.controller.start()

    def on_staff_pressed(self) -> None:
        self.controller.open_staff()


load_kv(__file__)
