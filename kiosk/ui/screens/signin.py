"""Sign-in: pick yourself from a big list, search with on-screen letters, or go as a guest."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.session.directory import PatientEntry
from kiosk.ui import theme
from kiosk.ui.screens.base import KioskScreen, load_kv
from kiosk.ui.services import filter_patients

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "1234567890-"


class SignInScreen(KioskScreen):
    query = StringProperty("")
    digits_mode = BooleanProperty(False)
    keys = ListProperty(list(LETTERS))
    rows = ListProperty([])  # RecycleView data: one dict per patient shown
    status = StringProperty("Loading...")
    demo_button = "guest_button"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._patients: list[PatientEntry] = []

    def on_kv_post(self, *_):
        self._build_keys()
        self.bind(u=self._size_keys)

    def on_keys(self, *_):
        if "keyboard" in self.ids:
            self._build_keys()

    def _build_keys(self) -> None:
        grid = self.ids.keyboard
        grid.clear_widgets()
        for key in self.keys:
            button = Factory.KeyButton(text=key)
            button.bind(on_release=lambda b: self.on_key(b.text))
            grid.add_widget(button)
        self._size_keys()

    def _size_keys(self, *_) -> None:
        for button in self.ids.keyboard.children:
            button.font_size = 30 * self.u

    def on_pre_enter(self, *_):
        self.status = "Loading..."
        if self.controller is not None:
            self.controller.load_patients(self.set_patients)

    def set_patients(self, patients: list[PatientEntry]) -> None:
        """The patient list arrived (from the background thread, via the clock)."""
        self._patients = patients
        self._refresh()

    def reset(self) -> None:
        self.query = ""
        self.digits_mode = False
        self._patients = []
        self.rows = []

    def on_query(self, *_):
        self._refresh()

    def on_digits_mode(self, *_):
        self.keys = list(DIGITS if self.digits_mode else LETTERS)

    def _refresh(self) -> None:
        shown = filter_patients(self._patients, self.query)
        self.rows = [
            {"text": self._row_text(e), "patient_id": e.id, "screen": self,
             "font_size": 26 * self.u}
            for e in shown
        ]
        if not self._patients:
            self.status = "No names yet: start as a guest"
        elif not shown:
            self.status = f'Nobody found for "{self.query}"'
        else:
            self.status = ""

    def _row_text(self, entry: PatientEntry) -> str:
        """Name, and the clinic ID smaller underneath (markup)."""
        text = escape_markup(entry.name)
        if entry.clinic_id:
            size = round(20 * self.u)
            clinic_id = escape_markup(entry.clinic_id)
            text += f"\n[size={size}][color={theme.TEXT_DIM}]{clinic_id}[/color][/size]"
        return text

    def on_u(self, *_):
        if self._patients:
            self._refresh()

    def on_key(self, key: str) -> None:
        if len(self.query) < 24:
            self.query += key

    def on_backspace(self) -> None:
        self.query = self.query[:-1]

    def on_toggle_digits(self) -> None:
        self.digits_mode = not self.digits_mode

    def on_patient_pressed(self, patient_id: str) -> None:
        entry = next((e for e in self._patients if e.id == patient_id), None)
        if entry is not None:
            self.controller.sign_in(entry)

    def on_guest_pressed(self) -> None:
        self.controller.sign_in(None)

    def on_back_pressed(self) -> None:
        self.controller.go_home()


load_kv(__file__)
