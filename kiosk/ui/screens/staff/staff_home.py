"""The staff hub: one large button per staff screen (``HUB``), admin entries only for admins.

Every entry is in view without scrolling on the 7" display, even under the device notice:
an entry that needs a swipe to be found is an entry staff do not know exists.
"""

from __future__ import annotations

import math

from kivy.properties import ListProperty

from kiosk.ui import theme
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff import HUB
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.make import make


class StaffHomeScreen(StaffScreen):
    device_problems = ListProperty([])  # the production device notice, until acknowledged

    def on_pre_enter(self, *_):
        super().on_pre_enter()
        self._build()
        technician = self.controller.services.technician
        self.device_problems = list(technician.device_notice()) if technician else []

    def acknowledge_devices(self) -> None:
        technician, member = self.controller.services.technician, self.member
        if technician is None:
            return

        def done(_: None) -> None:
            self.device_problems = list(technician.device_notice())
            self.say("Device notice acknowledged; it is in the audit log.")

        self.call(lambda: technician.acknowledge_devices(member), done,
                  "acknowledge the device notice")

    def on_size(self, *args):
        super().on_size(*args)
        if "entries" in self.ids:
            self.ids.entries.cols = self.entry_columns()
            self.fit_entries()

    def entry_columns(self) -> int:
        """One column upright; in landscape three when there are more than four entries."""
        if self.portrait:
            return 1
        shown = len(self.ids.entries.children) if "entries" in self.ids else 0
        return 3 if shown > 4 else 2

    def fit_entries(self) -> None:
        """Buttons as tall as the room allows, between the smallest touch target and 90 u."""
        if "entries" not in self.ids:
            return
        grid, view = self.ids.entries, self.ids.entries_view
        grid.cols = self.entry_columns()
        buttons = list(grid.children)
        if not buttons:
            return
        rows = math.ceil(len(buttons) / grid.cols)
        room = view.height - grid.padding[1] - grid.padding[3] - grid.spacing[1] * (rows - 1)
        height = max(float(theme.MIN_TOUCH_PX), min(max(80.0, 90 * self.u), room / rows))
        for button in buttons:
            button.font_size = 28 * self.u
            button.height = height

    def _build(self) -> None:
        admin = self.controller.staff.is_admin
        if getattr(self, "_built_for_admin", None) is admin:
            return  # the same entries as last time
        self._built_for_admin = admin
        grid = self.ids.entries
        grid.clear_widgets()
        for entry in HUB:
            if entry.admin_only and not admin:
                continue
            button = make("HubButton", text=entry.label, screen_name=entry.screen)
            button.bind(on_release=lambda b: self.open_entry(b.screen_name))
            grid.add_widget(button)
        self.fit_entries()

    def on_u(self, *_):
        self.fit_entries()

    def open_entry(self, screen_name: str) -> None:
        self.controller.show_staff(screen_name)

    def on_back_pressed(self) -> None:
        self.on_sign_out_pressed()


load_kv(__file__)
