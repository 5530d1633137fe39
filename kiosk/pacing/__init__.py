"""Tempo guidance: the metronome behind the LED tempo lights, buzzer and screen cues.

No Kivy, no hardware imports: outputs are passed in (``drivers.lights`` on the
step, ``recording`` outputs elsewhere). See ``pacer.py`` for the modes.
"""

from kiosk.pacing.heel import HeelSettings
from kiosk.pacing.pacer import MODES, Boundary, Pacer
from kiosk.pacing.runner import PacerLoop
from kiosk.pacing.schedule import Phase, SetSchedule, build_set
from kiosk.pacing.signals import TempoOutput, ToneOutput
from kiosk.pacing.view import PacingView

__all__ = [
    "MODES",
    "Boundary",
    "HeelSettings",
    "Pacer",
    "PacerLoop",
    "PacingView",
    "Phase",
    "SetSchedule",
    "TempoOutput",
    "ToneOutput",
    "build_set",
]
