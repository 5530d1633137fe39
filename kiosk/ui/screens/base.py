"""The shared base of every kiosk screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.screenmanager import Screen

from kiosk.session.view import LiveView
from kiosk.ui import theme

if TYPE_CHECKING:  # the controller imports the screens
    from kiosk.ui.controller import KioskController


def load_kv(module_file: str) -> None:
    """Load the ``.kv`` file next to a screen module (once per import)."""
    Builder.load_file(str(Path(module_file).with_suffix(".kv")))


class KioskScreen(Screen):
    """A screen: scales with the window (``u``), adapts to portrait, talks to the controller.

    Subclasses override ``show_live`` (called every frame with the latest
    snapshot while the screen is shown) and ``reset`` (forget the patient's
    data when the kiosk goes home).
    """

    u = NumericProperty(1.0)  # size unit: 1.0 on the 7" 800x480 display
    portrait = BooleanProperty(False)
    controller: KioskController = ObjectProperty(None, allownone=True)
    # The button `--demo` presses on this screen (an id in the kv), and after how long.
    demo_button = ""
    demo_after_s = 2.0
    # The screen shows the session's problem itself (else a banner above it does).
    shows_problems = False

    def on_size(self, *_: Any) -> None:
        self.u = theme.scale_for(self.width, self.height)
        self.portrait = self.height > self.width

    def show_live(self, view: LiveView) -> None:
        """A new session snapshot (only while this screen is shown)."""

    def reset(self) -> None:
        """Forget everything about the last patient."""
