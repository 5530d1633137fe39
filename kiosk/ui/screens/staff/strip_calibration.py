"""Strip calibration (admin), step by step: the empty step's baselines, then a known
weight on each foot for the gains; saved with its date, used by the next sessions.

Each Measure captures 3 s of samples on the background thread; a refused step
(somebody still on the step, a strip that felt nothing) says why and stays.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.technician import CAPTURE_S, WEIGHTS_KG, CalibrationSteps, CaptureResult
from kiosk.strip_calibration import SavedCalibration
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.technician import TechnicianPage
from kiosk.ui.wording import CALIBRATION_PROBLEM_WORDS, CALIBRATION_STEP_WORDS, STRIP_WORDS

WEIGHT_CHOICES = tuple((f"{kg:g}", f"{kg:g} kg") for kg in WEIGHTS_KG)


class StripCalibrationScreen(TechnicianPage):
    back_to = "staff_technician"
    weight_choices = WEIGHT_CHOICES
    instruction = StringProperty("")
    weight = StringProperty(f"{WEIGHTS_KG[1]:g}")
    measuring = BooleanProperty(False)
    complete = BooleanProperty(False)
    started = BooleanProperty(False)  # a step was measured: the weight is fixed now

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.steps = CalibrationSteps(float(self.weight))

    def load(self) -> None:
        super().load()
        self.start_again()

    def start_again(self) -> None:
        self.steps = CalibrationSteps(float(self.weight))
        self.measuring = self.complete = self.started = False
        self._instruct()
        self.say("")

    def on_weight(self, *_: Any) -> None:
        if not self.started:
            self.steps = CalibrationSteps(float(self.weight))
            self._instruct()

    def _instruct(self) -> None:
        step = "done" if self.steps.done else self.steps.step
        self.instruction = CALIBRATION_STEP_WORDS[step].format(kg=self.steps.weight_kg)

    def measure(self) -> None:
        if self.measuring or self.steps.done:
            return
        self.measuring = self.started = True
        self.say(f"Measuring for {CAPTURE_S:g} seconds. Keep everything still.")
        technician, steps = self.technician, self.steps

        def done(result: CaptureResult) -> None:
            self.measuring = False
            if steps is not self.steps:
                return  # started again meanwhile
            self._instruct()
            self.complete = steps.done
            if result.problem is None:
                self.say("Measured." if not steps.done else "")
            else:
                words = CALIBRATION_PROBLEM_WORDS[result.problem]
                self.say(words.format(strip=STRIP_WORDS.get(result.strip, result.strip)),
                         error=True)

        def failed(exc: BaseException) -> None:
            self.measuring = False
            self.show_failure(exc, "measure the strips")

        self.call(lambda: steps.accept(technician.capture_strips()), done, "measure the strips",
                  failed=failed)

    def save(self) -> None:
        if not self.steps.done or self.measuring:
            return
        technician, member, steps = self.technician, self.member, self.steps

        def saved(record: SavedCalibration) -> None:
            self.complete = False
            self.calibration_text = (
                f"Saved: strips calibrated {record.calibrated_at.astimezone():%d %b %Y %H:%M}. "
                "New sessions use it.")
            self.say("Calibration saved. New sessions use it.")
            self.steps = CalibrationSteps(float(self.weight))
            self.started = False
            self._instruct()

        self.call(lambda: technician.save_calibration(member, steps), saved,
                  "save the calibration")


load_kv(__file__)
