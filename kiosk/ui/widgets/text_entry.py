"""The on-screen keyboard: a full-window panel that edits one text or number.

Real names need more than A-Z: an accents page (é, ü, ø, ł, ñ, ß ...), space,
hyphen, apostrophe and digits. Names start each word with a capital by
themselves (``auto_caps``). Numbers get a keypad. The panel covers the screen
so the keys stay large on the 7" display.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.modalview import ModalView

from kiosk.ui import theme
from kiosk.ui.widgets.make import make

PAGES: dict[str, tuple[str, ...]] = {
    "letters": ("qwertyuiop", "asdfghjkl'", "zxcvbnm-.,"),
    "accents": ("éèêëáàâäåã", "íìîïóòôöøõ", "úùûüñçłßýÿ", "æœčšžřőűśż"),
    "digits": ("1234567890", "-'./,:()+#", "@&?!_;\"%*="),
}
NUMBER_ROWS = ("123", "456", "789", ".0")
# The bottom row: (key, label, width share).
BOTTOM_ROW = (("shift", "Shift", 1.3), ("page:accents", "éü", 1.0), ("page:digits", "123", 1.0),
              ("space", "Space", 3.2), ("delete", "Delete", 1.5))


def shifted(ch: str) -> str:
    """Upper case when it is one letter (``ß`` stays ``ß``)."""
    up = ch.upper()
    return up if len(up) == 1 else ch


class TextEntry(ModalView):
    """Edit ``text``; ``on_done(text)`` is called with the result on Done, nothing on Cancel."""

    title = StringProperty("")
    text = StringProperty("")
    kind = OptionProperty("text", options=["text", "number"])
    page = StringProperty("letters")
    shift = BooleanProperty(False)
    auto_caps = BooleanProperty(False)
    secret = BooleanProperty(False)  # show dots, not the digits (a PIN)
    max_length = NumericProperty(80)
    u = NumericProperty(1.0)

    def __init__(self, on_done: Callable[[str], None],
                 on_activity: Callable[[], None] | None = None, **kwargs) -> None:
        kwargs.setdefault("auto_dismiss", False)
        kwargs.setdefault("size_hint", (1, 1))
        super().__init__(**kwargs)
        self.background = ""
        self.background_color = theme.rgb(theme.BG)
        self.overlay_color = (0, 0, 0, 0)
        self._on_done = on_done
        self._on_activity = on_activity
        self.keys: dict[str, object] = {}  # key text -> button, on the page shown
        from kivy.core.window import Window

        self.u = theme.scale_for(*Window.size)
        self._update_shift()
        self._build()

    # -- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        rows = self.ids.rows
        rows.clear_widgets()
        self.keys = {}
        if self.kind == "number":
            for row in NUMBER_ROWS:
                line = make("KeyRow")
                for ch in row:
                    line.add_widget(self._key(ch, ch))
                if row == ".0":
                    line.add_widget(self._key("delete", "Delete"))
                rows.add_widget(line)
            return
        for row in PAGES[self.page]:
            line = make("KeyRow")
            for ch in row:
                line.add_widget(self._key(ch, shifted(ch) if self.shift else ch))
            rows.add_widget(line)
        bottom = make("KeyRow")
        for key, label, share in BOTTOM_ROW:
            if key == f"page:{self.page}":
                key, label = "page:letters", "abc"
            button = self._key(key, label, kind="primary" if key.startswith(("page", "shift"))
                               else "plain")
            button.size_hint_x = share
            if key == "shift":
                button.kind = "go" if self.shift else "primary"
            bottom.add_widget(button)
        rows.add_widget(bottom)

    def _key(self, key: str, label: str, kind: str = "plain"):
        button = make("EntryKey", text=label, kind=kind, screen=self)
        button.bind(on_release=lambda _b: self.press(key))
        self.keys[key] = button
        return button

    def on_page(self, *_):
        self._build()

    def on_shift(self, *_):
        self._build()

    def _update_shift(self) -> None:
        if self.auto_caps and self.kind == "text":
            self.shift = not self.text or self.text[-1] in " -'"

    # -- typing -----------------------------------------------------------------------

    def press(self, key: str) -> None:
        if key == "delete":
            self.text = self.text[:-1]
        elif key == "shift":
            self.shift = not self.shift
            return
        elif key.startswith("page:"):
            self.page = key.split(":", 1)[1]
            return
        elif len(self.text) < self.max_length:
            ch = " " if key == "space" else key
            if self.shift:
                ch = shifted(ch)
            self.text += ch
            if self.shift and not self.auto_caps:
                self.shift = False
        self._update_shift()

    def done(self) -> None:
        self.dismiss(animation=False)
        self._on_done(self.text.strip())

    def cancel(self) -> None:
        self.dismiss(animation=False)

    def on_touch_down(self, touch):
        if self._on_activity is not None:
            self._on_activity()
        return super().on_touch_down(touch)
