"""The kiosk screens, one ``.py``/``.kv`` pair each, imported only when first shown."""

from __future__ import annotations

from kiosk.ui.screens.staff import STAFF_SCREENS

# screen name -> "module:Class"; the manager imports a screen the first time it is needed.
SCREENS = {
    "home": "kiosk.ui.screens.home:HomeScreen",
    "signin": "kiosk.ui.screens.signin:SignInScreen",
    "programme": "kiosk.ui.screens.programme:ProgrammeScreen",
    "calibration": "kiosk.ui.screens.calibration:CalibrationScreen",
    "live": "kiosk.ui.screens.live:LiveScreen",
    "rest": "kiosk.ui.screens.rest:RestScreen",
    "summary": "kiosk.ui.screens.summary:SummaryScreen",
    **STAFF_SCREENS,
}
