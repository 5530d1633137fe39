"""The staff hub: one large button per staff screen (``HUB``), admin entries only for admins."""

from __future__ import annotations

from kivy.properties import ListProperty

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
            self.ids.entries.cols = 1 if self.portrait else 2

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
            self._size(button)
            grid.add_widget(button)

    def _size(self, button) -> None:
        button.font_size = 28 * self.u
        button.height = max(80, 90 * self.u)

    def on_u(self, *_):
        if "entries" in self.ids:
            for button in self.ids.entries.children:
                self._size(button)

    def open_entry(self, screen_name: str) -> None:
        self.controller.show_staff(screen_name)

    def on_back_pressed(self) -> None:
        self.on_sign_out_pressed()


load_kv(__file__)
