"""The live set: rep counter, heel gauge, the asked phase, balance bars, fault cues."""

from __future__ import annotations

import time
from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty

from kiosk.session.view import LiveView, Stage
from kiosk.ui.screens.base import KioskScreen, load_kv
from kiosk.ui.widgets.balance_bars import percent
from kiosk.ui.wording import SENSOR_WORDS, SET_DONE_CUE, cue_words, problem_words

FINE_HZ = 30



class LiveScreen(KioskScreen):
    shows_problems = True

    count = NumericProperty(0)
    target = NumericProperty(0)
    big_number = StringProperty("0")  # the counter, or 3-2-1 before a set
    caption = StringProperty("")
    set_text = StringProperty("")
    asked_phase = StringProperty("rest")
    asked_progress = NumericProperty(0.0)
    heel_mm = ObjectProperty(None, allownone=True)
    target_mm = ObjectProperty(None, allownone=True)
    on_step = BooleanProperty(True)  # show the range below step level
    left_share = ObjectProperty(None, allownone=True)
    toe_left = ObjectProperty(None, allownone=True)
    toe_right = ObjectProperty(None, allownone=True)
    balance_text = StringProperty("")
    toe_left_text = StringProperty("-")
    toe_right_text = StringProperty("-")
    cue = StringProperty("")
    paused = BooleanProperty(False)
    problem = StringProperty("")
    demo_button = ""  # the demo person does the work here
    _urgent: tuple[object, ...]  # what show_live drew at once last (empty: redraw all)
    _fine_at: float  # when it last redrew the gauge and bars

    def show_live(self, view: LiveView) -> None:
        # The count, the stage and cues show at once; the gauge and bars are redrawn
        # at most FINE_HZ times a second (each redraw costs a whole frame on slow GL).
        key = (view.rep_count, view.stage, view.cue_kind, view.countdown, view.set_index)
        now = time.monotonic()
        if key == self._urgent and now - self._fine_at < 1 / FINE_HZ:
            return
        self._urgent = key
        self._fine_at = now
        self.paused = view.stage == Stage.PAUSED
        self.count = view.rep_count
        self.target = view.reps_target
        if view.stage == Stage.COUNTDOWN and view.countdown is not None:
            self.big_number, self.caption = str(view.countdown), "get ready"
        else:
            self.big_number = str(view.rep_count)
            self.caption = f"of {view.reps_target}" if view.reps_target else "reps"
        self.set_text = f"Set {view.set_index} of {view.sets_total}" if view.sets_total else ""
        self.asked_phase = "countdown" if view.stage == Stage.COUNTDOWN else view.asked_phase
        self.asked_progress = view.asked_progress
        self.heel_mm = view.heel_mm
        self.target_mm = view.target_mm
        self.left_share = view.left_share
        right = None if view.left_share is None else 1 - view.left_share
        self.balance_text = f"Left {percent(view.left_share)}    Right {percent(right)}"
        self.toe_left, self.toe_right = view.toe_share_left, view.toe_share_right
        self.toe_left_text = percent(view.toe_share_left)
        self.toe_right_text = percent(view.toe_share_right)
        self.cue = cue_words(view.cue_kind)
        self.problem = problem_words(view.error) or SENSOR_WORDS.get(view.sensor_status, "")

    def show_set_done(self, view: LiveView) -> None:
        """The set just ended: its final count ("12 of 12") and a short "Set done!" cue."""
        self._urgent = ()  # the next live snapshot redraws everything
        self.paused = False
        self.count = view.rep_count
        self.big_number = str(view.rep_count)
        self.caption = f"of {view.reps_target}" if view.reps_target else "reps"
        self.set_text = f"Set {view.set_index} of {view.sets_total}" if view.sets_total else ""
        self.asked_phase = "rest"
        self.asked_progress = 0.0
        self.cue = SET_DONE_CUE

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._urgent = ()
        self._fine_at = 0.0

    def set_position(self, position: str) -> None:
        """Only on the step can the heel go below step level."""
        self.on_step = position == "step"

    def reset(self) -> None:
        self._urgent = ()
        self.show_live(LiveView())

    def on_pause_pressed(self) -> None:
        if self.paused:
            self.controller.resume()
        else:
            self.controller.pause()

    def on_stop_pressed(self) -> None:
        self.controller.stop()


load_kv(__file__)
