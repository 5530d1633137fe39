"""Shows one screen at a time, switching at once.

Kivy's ``ScreenManager`` ignores touches while a transition is running, and a
switch made during another one (live set -> rest -> live within a frame or
two) can leave it "in transition" and deaf to touches. A kiosk wants neither:
this host swaps the shown screen in one step and sends the usual
``on_pre_enter`` / ``on_enter`` / ``on_pre_leave`` / ``on_leave`` events.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import Screen


class ScreenHost(FloatLayout):
    current = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._screens: dict[str, Screen] = {}

    def register(self, screen: Screen) -> None:
        self._screens[screen.name] = screen

    def has_screen(self, name: str) -> bool:
        return name in self._screens

    def get_screen(self, name: str) -> Screen:
        return self._screens[name]

    @property
    def current_screen(self) -> Screen | None:
        return self._screens.get(self.current)

    def on_current(self, _host: Any, name: str) -> None:
        new = self._screens[name]
        old = next((c for c in self.children if isinstance(c, Screen)), None)
        if old is new:
            return
        if old is not None:
            old.dispatch("on_pre_leave")
        new.dispatch("on_pre_enter")
        if old is not None:
            self.remove_widget(old)
        new.size_hint = (1, 1)
        new.pos_hint = {"x": 0, "y": 0}
        self.add_widget(new)
        new.dispatch("on_enter")
        if old is not None:
            old.dispatch("on_leave")
