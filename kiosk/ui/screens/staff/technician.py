"""Technician (admin): every strip's counts as a bar, the heel-height sensor's
distance, status, frames a second, frames dropped and reconnects, refreshed five
times a second; the way to calibration, the ToF check, the device test and the
system page.

The refresh only reads values the drivers' threads cached (``TechnicianService.live``):
no sensor I/O on the UI thread.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import StringProperty

from kiosk.staff.technician import LiveReadings, TechnicianService
from kiosk.strip_calibration import SavedCalibration
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.make import make
from kiosk.ui.wording import STRIP_WORDS, TOF_STATUS_WORDS, words

REFRESH_S = 0.2
FOOT_COLUMNS = (("l_toe", "l_lat", "l_heel"), ("r_toe", "r_lat", "r_heel"))


def tof_line(live: LiveReadings) -> str:
    distance = f"{live.tof_mm:.0f} mm" if live.tof_mm is not None else "-"
    return (f"Heel sensor: {distance}, {words(TOF_STATUS_WORDS, live.tof_status)}   "
            f"{live.tof_fps:.0f} frames/s   {live.frames_dropped} dropped   "
            f"{live.reconnects} reconnects")


def calibration_line(saved: SavedCalibration | None) -> str:
    if saved is None:
        return "Strips never calibrated here: sessions use the empty step's baselines."
    return (f"Strips calibrated {saved.calibrated_at.astimezone():%d %b %Y %H:%M} by "
            f"{saved.calibrated_by} ({saved.weight_kg:g} kg)")


class TechnicianPage(StaffScreen):
    """The shared part of the technician's screens: the service, the live strip bars
    (in ``left_foot``/``right_foot`` when the screen has them), the refresh."""

    # Staff mode stays on when somebody stands on the step (calibration, ToF check).
    step_on_allowed = True
    tof_text = StringProperty("")
    calibration_text = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        # Set before Screen.__init__: the kv rules (and on_kv_post) run inside it.
        self.bars: dict[str, Any] = {}
        self._event: Any = None
        super().__init__(**kwargs)

    @property
    def technician(self) -> TechnicianService:
        technician = self.controller.services.technician
        assert technician is not None, "technician screens need KioskServices.technician"
        return technician

    def on_kv_post(self, *_: Any) -> None:
        if "left_foot" not in self.ids:
            return
        for column, names in zip((self.ids.left_foot, self.ids.right_foot), FOOT_COLUMNS,
                                 strict=True):
            for name in names:
                bar = make("StripBar", label=STRIP_WORDS[name], screen=self)
                column.add_widget(bar)
                self.bars[name] = bar

    def load(self) -> None:
        technician = self.technician
        self.call(technician.latest_calibration,
                  lambda saved: setattr(self, "calibration_text", calibration_line(saved)),
                  "read the strip calibration")

    def on_enter(self, *_: Any) -> None:
        self.refresh()
        self._event = Clock.schedule_interval(self.refresh, REFRESH_S)

    def on_leave(self, *_: Any) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def refresh(self, *_: Any) -> None:
        live = self.technician.live()
        for name, counts in live.strips:
            bar = self.bars.get(name)
            if bar is not None:
                bar.counts = -1 if counts is None else counts
        self.tof_text = tof_line(live)
        self.show_live_readings(live)

    def show_live_readings(self, live: LiveReadings) -> None:
        """More of the live values, for the screens that show them."""


class TechnicianScreen(TechnicianPage):
    def open_page(self, name: str) -> None:
        self.controller.show_staff(name)


load_kv(__file__)
