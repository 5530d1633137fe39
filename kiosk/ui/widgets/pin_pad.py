"""A PIN pad with large keys: digits, Delete and OK; the PIN shows as dots."""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui import theme
from kiosk.ui.widgets.make import make

PIN_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "delete", "0", "ok")
KEY_TEXT = {"delete": "Delete", "ok": "OK"}


class PinPad(BoxLayout):
    """Collects digits; dispatches ``on_submit(pin)`` when OK is pressed with enough of them.

    The PIN never leaves the pad except through ``on_submit``; ``clear()`` forgets it.
    """

    u = NumericProperty(1.0)
    pin = StringProperty("")
    min_length = NumericProperty(6)
    max_length = NumericProperty(12)
    prompt = StringProperty("Enter your PIN")
    locked = BooleanProperty(False)  # e.g. after too many wrong PINs
    __events__ = ("on_submit",)

    def on_kv_post(self, *_):
        grid = self.ids.key_grid
        self.key_buttons = {}
        for key in PIN_KEYS:
            button = make("PinKey", text=KEY_TEXT.get(key, key), screen=self,
                                    kind="go" if key == "ok" else "plain")
            button.bind(on_release=lambda b, k=key: self.press(k))
            grid.add_widget(button)
            self.key_buttons[key] = button
        self.on_locked()

    def on_locked(self, *_) -> None:
        for button in getattr(self, "key_buttons", {}).values():
            button.disabled = self.locked

    @property
    def dots(self) -> str:
        return theme.SECRET_DOT * len(self.pin)

    def press(self, key: str) -> None:
        if self.locked:
            return
        if key == "delete":
            self.pin = self.pin[:-1]
        elif key == "ok":
            if len(self.pin) >= self.min_length:
                self.dispatch("on_submit", self.pin)
        elif key.isdigit() and len(self.pin) < self.max_length:
            self.pin += key

    def clear(self) -> None:
        self.pin = ""

    def on_submit(self, pin: str) -> None:
        """Bound by the screen."""
