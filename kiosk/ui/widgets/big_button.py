"""Big, high-contrast buttons: gloved fingers, older eyes."""

from __future__ import annotations

from kivy.properties import BooleanProperty, OptionProperty
from kivy.uix.button import Button

from kiosk.ui import theme

# kind -> (background, text)
KINDS = {
    "go": (theme.GO, theme.GO_TEXT),
    "primary": (theme.PRIMARY, theme.PRIMARY_TEXT),
    "pause": (theme.PAUSE, theme.PAUSE_TEXT),
    "stop": (theme.STOP, theme.STOP_TEXT),
    "plain": (theme.SURFACE, theme.TEXT),
}


class BigButton(Button):
    """A flat button coloured by what it does (``kind``)."""

    kind = OptionProperty("primary", options=list(KINDS))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._apply()
        self.bind(kind=lambda *_: self._apply(), state=lambda *_: self._apply())

    def _apply(self) -> None:
        bg, fg = KINDS[self.kind]
        self.background_normal = ""
        self.background_down = ""
        # Disabled (e.g. a stepper at its limit): the same flat colour, text greyed.
        self.background_disabled_normal = ""
        self.background_disabled_down = ""
        self.disabled_color = theme.rgb(fg, 0.45)
        # Pressed: slightly darker, so a touch is visible.
        dim = 0.8 if self.state == "down" else 1.0
        r, g, b, a = theme.rgb(bg)
        self.background_color = (r * dim, g * dim, b * dim, a)
        self.color = theme.rgb(fg)


class ChoiceButton(Button):
    """One of several choices; the ``selected`` one is filled in the primary colour.

    A plain button, not a ToggleButton: the screen decides what is selected, so a
    tap can never leave two choices (or none) lit.
    """

    selected = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.background_normal = ""
        self.background_down = ""
        self.background_disabled_normal = ""
        self.background_disabled_down = ""
        self._apply()
        self.bind(selected=lambda *_: self._apply(), state=lambda *_: self._apply())

    def _apply(self) -> None:
        bg = theme.PRIMARY if self.selected else theme.SURFACE
        dim = 0.8 if self.state == "down" else 1.0
        r, g, b, a = theme.rgb(bg)
        self.background_color = (r * dim, g * dim, b * dim, a)
        self.color = theme.rgb(theme.PRIMARY_TEXT if self.selected else theme.TEXT)
