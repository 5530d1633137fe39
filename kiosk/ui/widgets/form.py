"""Large form controls for staff screens: a text field that opens the on-screen
keyboard, a number stepper with big minus and plus, a row of choices."""

from __future__ import annotations

from collections.abc import Sequence

from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.widgets.make import make


class FormRow(BoxLayout):
    """A label and its control side by side; an error line under it when refused."""

    u = NumericProperty(1.0)
    label = StringProperty("")
    title = StringProperty("")  # the keyboard's title when ``label`` is not shown
    error = StringProperty("")


class TextField(FormRow):
    """Shows a value; a tap opens the keyboard (``screen.edit_text``) to change it."""

    value = StringProperty("")
    kind = StringProperty("text")  # "text" or "number"
    placeholder = StringProperty("Tap to type")
    auto_caps = BooleanProperty(False)
    secret = BooleanProperty(False)  # a PIN: shown as dots, here and on the keypad
    max_length = NumericProperty(80)
    screen = ObjectProperty(None, allownone=True)

    def open_editor(self) -> None:
        if self.screen is not None:
            self.screen.edit_text(self)

    def set_value(self, text: str) -> None:
        self.value = text
        self.error = ""


class Stepper(FormRow):
    """A number changed with large − and + keys, kept within ``minimum``..``maximum``."""

    value = NumericProperty(0)
    step = NumericProperty(1)
    minimum = NumericProperty(0)
    maximum = NumericProperty(100)
    unit = StringProperty("")
    decimals = NumericProperty(0)

    def shown(self) -> str:
        text = f"{self.value:.{int(self.decimals)}f}"
        return f"{text} {self.unit}".strip()

    def change(self, steps: int) -> None:
        new = round(self.value + steps * self.step, 6)
        self.value = min(self.maximum, max(self.minimum, new))
        self.error = ""


class ChoiceRow(FormRow):
    """Exactly one of ``choices`` (``[(value, text), ...]``) is selected."""

    choices = ListProperty([])
    selected = StringProperty("")
    columns = NumericProperty(0)  # 0: all on one line

    def on_kv_post(self, *_):
        self._build()

    def on_choices(self, *_):
        if "options" in self.ids:
            self._build()

    def _size(self, button) -> None:
        button.font_size = 19 * self.u
        button.height = max(60, 60 * self.u)

    def on_u(self, *_):
        if "options" in self.ids:
            for button in self.ids.options.children:
                self._size(button)

    def on_columns(self, *_):
        if "options" in self.ids:
            self.ids.options.cols = int(self.columns) or max(1, len(self.choices))

    def on_selected(self, *_):
        for button in self.ids.options.children:
            button.selected = button.value == self.selected

    def _build(self) -> None:
        grid = self.ids.options
        grid.clear_widgets()
        grid.cols = int(self.columns) or max(1, len(self.choices))
        for value, text in self.choices:
            button = make("FormChoice", text=text, value=value)
            self._size(button)
            button.selected = value == self.selected
            button.bind(on_release=lambda b: self.choose(b.value))
            grid.add_widget(button)

    def choose(self, value: str) -> None:
        self.selected = value
        self.error = ""


def choices_of(codes: Sequence[str], words: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, words.get(code, code)) for code in codes]
