"""Calibration: "stand still, heels level" until zero is set, with a feet check."""

from __future__ import annotations

from kivy.properties import NumericProperty, ObjectProperty, StringProperty

from kiosk.session.view import LiveView
from kiosk.ui.screens.base import KioskScreen, load_kv
from kiosk.ui.widgets.balance_bars import percent
from kiosk.ui.wording import feet_words, problem_words


class CalibrationScreen(KioskScreen):
    shows_problems = True

    progress = NumericProperty(0.0)
    feet_text = StringProperty("")
    feet_ok = ObjectProperty(False)
    left_share = ObjectProperty(None, allownone=True)
    left_text = StringProperty("-")
    right_text = StringProperty("-")
    error = StringProperty("")

    def show_live(self, view: LiveView) -> None:
        self.progress = view.calibration_progress
        if not view.occupied:
            self.feet_text, self.feet_ok = "Step on with both feet", False
        elif view.feet is not None:
            self.feet_text, self.feet_ok = feet_words(view.feet), False
        else:
            self.feet_text, self.feet_ok = "Both feet on, nice and even", True
        self.left_share = view.left_share
        self.left_text = "Left " + percent(view.left_share)
        self.right_text = (
            "Right " + percent(None if view.left_share is None else 1 - view.left_share)
        )
        self.error = problem_words(view.error)

    def on_stop_pressed(self) -> None:
        self.controller.stop()


load_kv(__file__)
