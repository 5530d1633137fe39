"""``run --demo``: presses each screen's main button by itself, like a visitor would.

Each screen names its demo button (``KioskScreen.demo_button``) and how long
to wait first (``demo_after_s``); the pilot taps it once per visit through the
normal touch input. Screens without one (calibration, live set, rest) are left
to the simulated person on the step.
"""

from __future__ import annotations

from kiosk.ui.controller import KioskController
from kiosk.ui.touch import tap


class DemoPilot:
    def __init__(self, controller: KioskController) -> None:
        self.controller = controller
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
        self.presses.append(f"{name}:{button_id}")
        tap(button)
