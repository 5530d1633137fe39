"""``run --demo``: presses each screen's main button by itself, like a visitor would.

Each screen names its demo button (``KioskScreen.demo_button``) and how long
to wait first (``demo_after_s``); the pilot taps it once per visit through the
normal touch input. Screens without one (calibration, live set, rest) are left
to the simulated person on the step. Every ``heel_rise_every``-th visit to today's
programme chooses the heel-rise test before Start, so attract mode also shows a test
run to failure and why it stopped.
"""

from __future__ import annotations

from kiosk.programme import Programme
from kiosk.ui.controller import KioskController
from kiosk.ui.touch import tap


class DemoPilot:
    def __init__(self, controller: KioskController, heel_rise_every: int = 0) -> None:
        self.controller = controller
        self.heel_rise_every = heel_rise_every
        self._programme_visits = 0
        self._pressed_on: str | None = None
        self.presses: list[str] = []
        controller.on_screen_change.append(self._screen_changed)

    def _screen_changed(self, _name: str) -> None:
        self._pressed_on = None

    def tick(self) -> None:
        name = self.controller.current
        if self._pressed_on == name:
            return
        screen = self.controller.screen(name)
        button_id = screen.demo_button
        if not button_id or self.controller.seconds_on_screen() < screen.demo_after_s:
            return
        button = screen.ids.get(button_id)
        if button is None or button.disabled:
            return
        self._pressed_on = name
        if name == "programme":
            self._programme_visits += 1
            every = self.heel_rise_every
            if every and self._programme_visits % every == 0:
                screen.set_programme(Programme.heel_rise_test(), prescribed=False, who="Guest")
        self.presses.append(f"{name}:{button_id}")
        tap(button)
