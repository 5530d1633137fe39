"""The staff hub: one large button per staff screen (``HUB``), admin entries only for admins."""

from __future__ import annotations

from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff import HUB
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.make import make


class StaffHomeScreen(StaffScreen):
    def on_pre_enter(self, *_):
        super().on_pre_enter()
        self._build()

    def on_size(self, *args):
        super().on_size(*args)
        if "entries" in self.ids:
            self.ids.entries.cols = 1 if self.portrait else 2

    def _build(self) -> None:
        grid = self.ids.entries
        grid.clear_widgets()
        admin = self.controller.staff.is_admin
        for entry in HUB:
            if entry.admin_only and not admin:
                continue
            button = make("HubButton", text=entry.label, screen_name=entry.screen, screen=self)
            grid.add_widget(button)

    def open_entry(self, screen_name: str) -> None:
        self.controller.show_staff(screen_name)

    def on_back_pressed(self) -> None:
        self.on_sign_out_pressed()


load_kv(__file__)
