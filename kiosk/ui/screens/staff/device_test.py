"""Lights, buzzer and button test (admin). While this screen is open, the step's
button is counted here instead of starting a session."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty

from kiosk.staff.technician import LiveReadings
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.technician import TechnicianPage


class DeviceTestScreen(TechnicianPage):
    back_to = "staff_technician"
    presses = NumericProperty(0)
    held = BooleanProperty(False)
    busy = BooleanProperty(False)

    def on_enter(self, *args: Any) -> None:
        self.technician.start_button_test()
        self.presses = 0
        super().on_enter(*args)

    def on_leave(self, *args: Any) -> None:
        super().on_leave(*args)
        self.technician.end_button_test()

    def show_live_readings(self, live: LiveReadings) -> None:
        self.presses = self.technician.button_presses()
        self.held = self.technician.button_held()

    def test_lights(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.say("Lights: the bar fills one light at a time, then red, green, blue.")

        def done(_: None) -> None:
            self.busy = False
            self.say("Lights test done. Did every light come on? If not, check the wiring.")

        self.call(self.technician.test_lights, done, "run the lights test",
                  failed=self._failed("run the lights test"))

    def test_buzzer(self) -> None:
        if self.busy:
            return
        self.busy = True

        def done(sounded: bool) -> None:
            self.busy = False
            self.say("Beep sent. Did you hear it? If not, check the buzzer's wiring."
                     if sounded else "The buzzer is muted or at volume 0 in Settings.",
                     error=not sounded)

        self.call(self.technician.test_buzzer, done, "run the buzzer test",
                  failed=self._failed("run the buzzer test"))

    def _failed(self, what: str) -> Any:
        def failed(exc: BaseException) -> None:
            self.busy = False
            self.show_failure(exc, what)
        return failed


load_kv(__file__)
