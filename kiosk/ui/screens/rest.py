"""Rest between sets: a countdown, what comes next, "Start next set now" and Stop."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.session.view import LiveView
from kiosk.ui.screens.base import KioskScreen, load_kv
from kiosk.ui.wording import clock_text, next_up


class RestScreen(KioskScreen):
    timer = StringProperty("")
    done_text = StringProperty("")
    next_text = StringProperty("")

    def show_live(self, view: LiveView) -> None:
        self.timer = clock_text(view.rest_remaining_s)
        self.done_text = f"Set {view.set_index} of {view.sets_total} done: {view.rep_count} reps"
        self.next_text = next_up(view.set_index, view.sets_total, view.reps_target)

    def on_next_pressed(self) -> None:
        self.controller.skip_rest()

    def on_stop_pressed(self) -> None:
        self.controller.stop()


load_kv(__file__)
