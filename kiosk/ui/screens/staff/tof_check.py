"""Heel sensor check (admin): the zero level and noise with the heel down, then the
mount (the distance must move the way ``[tof] mount`` says when the heel rises)."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.technician import TOF_CHECK_S, ToFCheck, mount_verdict
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.technician import TechnicianPage
from kiosk.ui.wording import MOUNT_VERDICT_WORDS, TOF_VERDICT_WORDS

MOUNT_WORDS = {"below": "under the heel (distance grows as the heel rises)",
               "above": "above the heel (distance shrinks as the heel rises)"}


def check_text(check: ToFCheck) -> str:
    if check.mean_mm is None:
        return TOF_VERDICT_WORDS[check.verdict]
    return (f"{check.mean_mm:.1f} mm, varies by {check.spread_mm:.1f} mm, "
            f"{check.valid_share:.0%} of polls read. {TOF_VERDICT_WORDS[check.verdict]}")


class ToFCheckScreen(TechnicianPage):
    back_to = "staff_technician"
    measuring = BooleanProperty(False)
    down_text = StringProperty("")
    up_text = StringProperty("")
    mount_text = StringProperty("")
    have_down = BooleanProperty(False)

    def load(self) -> None:
        self.down: ToFCheck | None = None
        self.have_down = self.measuring = False
        self.down_text = self.up_text = ""
        mount = self.technician.mount
        self.mount_text = f"Settings say the sensor is {MOUNT_WORDS.get(mount, mount)}."
        self.say("")

    def measure(self, which: str) -> None:
        """``which``: "down" (zero level, heel resting) or "up" (heel raised)."""
        if self.measuring or (which == "up" and self.down is None):
            return
        self.measuring = True
        self.say(f"Measuring for {TOF_CHECK_S:g} seconds. Keep still.")
        technician = self.technician

        def done(check: ToFCheck) -> None:
            self.measuring = False
            self.say("")
            if which == "down":
                self.down = check
                self.have_down = check.mean_mm is not None
                self.down_text = "Heel down (zero level): " + check_text(check)
                self.up_text = ""
            else:
                assert self.down is not None
                verdict = mount_verdict(self.down, check, technician.mount)
                self.up_text = ("Heel raised: " + check_text(check) + " "
                                + MOUNT_VERDICT_WORDS[verdict])

        def failed(exc: BaseException) -> None:
            self.measuring = False
            self.show_failure(exc, "read the heel sensor")

        self.call(technician.capture_tof, done, "read the heel sensor", failed=failed)


load_kv(__file__)
